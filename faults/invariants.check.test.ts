import {
  newImageJob,
  type ImageRequest,
  type JobDoc,
  type LedgerEntryDoc,
  type PostDoc,
} from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { checkInvariants, type FaultSnapshot } from './invariants.ts';

const base = 'http://r2.local/media/';
const params: ImageRequest = {
  prompt: 'a fox',
  aspectRatio: '1:1',
  count: 2,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: false,
  imageSize: '1K',
};
const entry = (kind: LedgerEntryDoc['kind'], tokens: number, jobId: string | null): LedgerEntryDoc =>
  ({ kind, tokens, jobId, balanceAfter: 0, reason: { code: 'job_accepted' }, createdAt: 0 }) as never;

/** One user: granted 50, one job of 2 asked that delivered 1 (1 token refunded), one post. */
function consistent(): FaultSnapshot {
  const job = {
    ...newImageJob('u1', params, { tokens: 4, microUsd: 2_000 }, 0, null),
    status: 'succeeded',
    outputs: [{ postId: 'j1_0', imageUrl: `${base}images/u1/a.webp`, thumbUrl: `${base}images/u1/a_t.webp` }],
  } as unknown as JobDoc;
  job.cost = { ...job.cost, tokensRefunded: 2, tokensSettled: 2, settledMicroUsd: 1_000 };
  const post = { jobId: 'j1', imageUrl: `${base}images/u1/a.webp`, thumbUrl: `${base}images/u1/a_t.webp` };
  return {
    accounts: new Map([
      [
        'u1',
        {
          balance: 48,
          ledger: [
            { id: 'grant_start', entry: entry('grant', 50, null) },
            { id: 'debit_j1', entry: entry('debit', -4, 'j1') },
            { id: 'refund_j1', entry: entry('refund', 2, 'j1') },
          ],
        },
      ],
    ]),
    jobs: [{ id: 'j1', job }],
    posts: [{ id: 'j1_0', post: post as PostDoc }],
    spendDelta: { settledMicroUsd: 1_000, reservedMicroUsd: 0 },
    objects: ['images/u1/a.webp', 'images/u1/a_t.webp', 'images/u1/left_by_a_dead_attempt.webp'],
    publicBaseUrl: base,
  };
}

const broken = (snapshot: FaultSnapshot) =>
  checkInvariants(snapshot)
    .results.filter((result) => !result.held)
    .map((result) => result.name);

describe('checkInvariants', () => {
  it('holds every promise over consistent data, and lists unreferenced media for cleanup', () => {
    const report = checkInvariants(consistent());
    expect(report.results.every((result) => result.held)).toBe(true);
    expect(report.orphans).toEqual(['images/u1/left_by_a_dead_attempt.webp']);
  });

  it('catches a job left running', () => {
    const snapshot = consistent();
    snapshot.jobs[0]!.job.status = 'running';
    expect(broken(snapshot)).toEqual(['every job ended']);
  });

  it('catches a ledger that does not sum to the balance', () => {
    const snapshot = consistent();
    snapshot.accounts.get('u1')!.balance = 47;
    expect(broken(snapshot)).toEqual(['each ledger sums to its balance']);
  });

  it('catches a second refund, and a debit for a job that does not exist', () => {
    const snapshot = consistent();
    const { ledger } = snapshot.accounts.get('u1')!;
    ledger.push({ id: 'refund_j1_again', entry: entry('refund', 1, 'j1') });
    ledger.push({ id: 'debit_ghost', entry: entry('debit', -1, 'ghost') });
    snapshot.accounts.get('u1')!.balance = 48;
    expect(broken(snapshot)).toContain('one debit per job, at most one refund');
  });

  it('catches more outputs than asked, and a duplicated post', () => {
    const snapshot = consistent();
    const [output] = snapshot.jobs[0]!.job.outputs as never[];
    (snapshot.jobs[0]!.job.outputs as unknown[]).push(output, output);
    snapshot.posts.push({ id: 'j1_0_copy', post: snapshot.posts[0]!.post });
    expect(broken(snapshot)).toEqual(['no job has more than its outputs', 'no post duplicated or missing']);
  });

  it('catches spend the jobs do not account for, and a reservation left behind', () => {
    const snapshot = consistent();
    snapshot.spendDelta = { settledMicroUsd: 1_500, reservedMicroUsd: 100 };
    expect(broken(snapshot)).toEqual(['settled spend equals the sum over the jobs']);
  });

  it('catches a post pointing at media that is not stored', () => {
    const snapshot = consistent();
    snapshot.objects = ['images/u1/a.webp'];
    expect(broken(snapshot)).toEqual(['every referenced object exists']);
  });
});
