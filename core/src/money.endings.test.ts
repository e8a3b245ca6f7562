import { describe, expect, it } from 'vitest';
import type { ImageJobDoc, TimeLike } from './documents.ts';
import { paths } from './firestore-paths.ts';
import type { OutputRecords } from './job-outputs.ts';
import { planCancel, planFailure, planSuccess } from './job-settlement.ts';
import { MemoryStore, serverTimeSentinel, timeAt } from './money.test-support.ts';
import { applyJobEnding } from './money.ts';
import type { SpendShardDoc } from './spend.ts';

const nowMs = Date.parse('2026-11-30T12:00:00Z');
const shardPath = paths.spendShard('2026-11', 7);
const accountPath = paths.account('u1');
const jobPath = paths.job('j1');
const storedJob = { uid: 'u1', status: 'running' };

type Job = Pick<ImageJobDoc<TimeLike>, 'uid' | 'cost' | 'kind' | 'params' | 'createdAt' | 'status'>;

function job(overrides: Partial<Job['cost']> = {}, createdAtMs = nowMs - 10 * 60_000): Job {
  return {
    uid: 'u1',
    status: 'running',
    kind: 'image' as const,
    params: {
      prompt: 'a fox',
      aspectRatio: '1:1',
      count: 4,
      model: 'gemini-3.1-flash-image',
      enhancePrompt: true,
      imageSize: '1K',
    },
    cost: {
      tokens: 8,
      reservedMicroUsd: 268_000,
      tokensSettled: null,
      settledMicroUsd: null,
      tokensRefunded: 0,
      budget: { period: '2026-11', shares: [{ shard: 7, microUsd: 268_000 }] },
      ...overrides,
    },
    createdAt: timeAt(createdAtMs),
  };
}

function records(delivered: number): OutputRecords {
  return Object.fromEntries(
    Array.from({ length: delivered }, (_, index) => [
      String(index),
      {
        kind: 'image' as const,
        attempt: 1,
        output: {
          postId: `j1_${index}`,
          imageUrl: `https://media.example/images/u1/img_j1_${index}.webp`,
          thumbUrl: `https://media.example/images/u1/img_j1_${index}_thumb.webp`,
          width: 1024,
          height: 1024,
          placeholder: 'data:image/webp;base64,AA==',
          dominantColor: '#102030',
        },
      },
    ]),
  );
}

const shard: SpendShardDoc = { reservedMicroUsd: 500_000, settledMicroUsd: 100_000, days: {} };
function store(): MemoryStore {
  return new MemoryStore({
    [accountPath]: {
      balance: 2,
      usage: { recentAcceptsMs: [nowMs - 600_000], day: '2026-11-30', dayTokens: 8 },
    },
    [shardPath]: { ...shard },
    [jobPath]: storedJob,
  });
}

describe('applyJobEnding', () => {
  it('refunds a failed job, settles what Vertex billed, patches the job and tells the owner, in one go', async () => {
    const db = store();
    const failed = job({ billedCalls: 2 });
    const ending = planFailure('j1', failed, { code: 'model_unavailable', message: 'busy' });
    await db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: failed, ending, nowMs }));

    expect(db.reads).toEqual([accountPath, shardPath]);
    expect(db.writes.map((write) => `${write.op} ${write.path}`)).toEqual([
      `update ${accountPath}`,
      `create ${paths.ledgerEntry('u1', 'refund_j1')}`,
      `set ${shardPath}`,
      `update ${jobPath}`,
      `set ${paths.notification('u1', 'job_j1')}`,
    ]);
    expect(db.get(accountPath)).toMatchObject({ balance: 10, usage: { day: '2026-11-30', dayTokens: 0 } });
    expect(db.get(paths.ledgerEntry('u1', 'refund_j1'))).toMatchObject({
      kind: 'refund',
      tokens: 8,
      balanceAfter: 10,
      jobId: 'j1',
      reason: { code: 'job_failed', error: 'model_unavailable' },
    });
    expect(db.get(shardPath)).toEqual({
      reservedMicroUsd: 232_000,
      settledMicroUsd: 234_000,
      days: { '2026-11-30': { settledMicroUsd: 134_000, outputs: {} } },
    });
    expect(db.writes[3]!.data).toMatchObject({
      status: 'failed',
      error: { code: 'model_unavailable', message: 'busy' },
      lease: null,
      cost: { settledMicroUsd: 134_000, tokensRefunded: 8, tokensSettled: 0 },
      updatedAt: serverTimeSentinel,
      finishedAt: serverTimeSentinel,
    });
    expect(db.writes[4]!.data).toEqual({
      kind: 'job_refunded',
      data: {
        jobId: 'j1',
        reason: { code: 'job_failed', error: 'model_unavailable' },
        error: 'model_unavailable',
        tokens: 8,
      },
      updatedAt: serverTimeSentinel,
    });
  });

  it('reads no account for a success with nothing to refund, and counts the outputs on the day', async () => {
    const db = store();
    const done = job({ billedCalls: 4 });
    const ending = planSuccess('j1', done, records(4), 3_000);
    await db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: done, ending, nowMs }));

    expect(db.reads).toEqual([shardPath]);
    // The only account write is the blind removal from the in-flight list: no read, no balance.
    expect(db.writes.filter((write) => write.path.startsWith(accountPath))).toEqual([
      { op: 'update', path: accountPath, data: { 'usage.inFlightJobIds': { arrayRemove: 'j1' } } },
    ]);
    expect(db.get(shardPath)).toEqual({
      reservedMicroUsd: 232_000,
      settledMicroUsd: 368_000,
      days: { '2026-11-30': { settledMicroUsd: 268_000, outputs: { 'gemini-3.1-flash-image': 4 } } },
    });
    expect(db.writes.at(-1)!.data).toMatchObject({
      kind: 'job_succeeded',
      data: { jobId: 'j1', count: 4, tokensRefunded: 0 },
    });
  });

  it('settles a job spread over shards on each, in proportion, counting its outputs once', async () => {
    const [first, second] = [paths.spendShard('2026-11', 3), paths.spendShard('2026-11', 4)];
    const db = new MemoryStore({
      [first]: { reservedMicroUsd: 100_000, settledMicroUsd: 0, days: {} },
      [second]: { reservedMicroUsd: 168_000, settledMicroUsd: 0, days: {} },
      [jobPath]: storedJob,
      [accountPath]: { balance: 10 },
    });
    const spread = job({
      billedCalls: 3,
      budget: {
        period: '2026-11',
        shares: [
          { shard: 3, microUsd: 100_000 },
          { shard: 4, microUsd: 168_000 },
        ],
      },
    });
    await db.transact((t) =>
      applyJobEnding(t, {
        jobId: 'j1',
        job: spread,
        ending: planSuccess('j1', spread, records(4), 1),
        nowMs,
      }),
    );
    // 3 billed calls at 67,000 µ$ = 201,000, split 100:168 with the rounding on the last share.
    expect(db.get(first)).toEqual({
      reservedMicroUsd: 0,
      settledMicroUsd: 75_000,
      days: { '2026-11-30': { settledMicroUsd: 75_000, outputs: { 'gemini-3.1-flash-image': 4 } } },
    });
    expect(db.get(second)).toEqual({
      reservedMicroUsd: 0,
      settledMicroUsd: 126_000,
      days: { '2026-11-30': { settledMicroUsd: 126_000, outputs: {} } },
    });
  });

  it('settles a retried call on top of the reservation while refunding the undelivered output', async () => {
    const db = store();
    const partial = job({ billedCalls: 5 });
    const ending = planSuccess('j1', partial, records(3), 3_000);
    await db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: partial, ending, nowMs }));

    expect(db.get(accountPath)).toMatchObject({ balance: 4, usage: { dayTokens: 6 } });
    expect(db.get(shardPath)).toMatchObject({
      reservedMicroUsd: 232_000,
      settledMicroUsd: 100_000 + 335_000,
    });
    expect(db.get(paths.ledgerEntry('u1', 'refund_j1'))).toMatchObject({
      tokens: 2,
      reason: { code: 'outputs_undelivered', undelivered: 1 },
    });
  });

  it('refunds a job accepted yesterday without touching today’s usage', async () => {
    const db = store();
    const old = job({}, Date.parse('2026-11-29T23:50:00Z'));
    const ending = planCancel('j1', { ...old, status: 'queued' });
    await db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: old, ending, nowMs }));
    expect(db.get(accountPath)).toMatchObject({ balance: 10, usage: { dayTokens: 8 } });
  });

  it('touches no budget shard for a job from before budgets', async () => {
    const db = store();
    const { budget: _none, ...cost } = job().cost;
    const older = { ...job(), cost };
    const ending = planCancel('j1', { ...older, status: 'queued' });
    await db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: older, ending, nowMs }));
    expect(db.reads).toEqual([accountPath]);
    expect(db.get(shardPath)).toEqual(shard);
  });

  it('starts a shard that does not exist yet from empty', async () => {
    const db = new MemoryStore({ [accountPath]: { balance: 0 }, [jobPath]: storedJob });
    const done = job({ billedCalls: 4 });
    await db.transact((t) =>
      applyJobEnding(t, { jobId: 'j1', job: done, ending: planSuccess('j1', done, records(4), 1), nowMs }),
    );
    expect(db.get(shardPath)).toMatchObject({ reservedMicroUsd: 0, settledMicroUsd: 268_000 });
  });

  it('cannot refund one job twice: a replayed ending fails on its ledger line and changes nothing', async () => {
    const db = store();
    const failed = job();
    const ending = planFailure('j1', failed, { code: 'timed_out', message: 'late' });
    await db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: failed, ending, nowMs }));
    const after = { account: db.get(accountPath), shard: db.get(shardPath), writes: db.writes.length };
    await expect(
      db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: failed, ending, nowMs })),
    ).rejects.toThrow(/ALREADY_EXISTS/);
    expect({ account: db.get(accountPath), shard: db.get(shardPath), writes: db.writes.length }).toEqual(
      after,
    );
  });

  it('refuses to refund into an account that does not exist, writing nothing', async () => {
    const db = new MemoryStore({ [shardPath]: { ...shard }, [jobPath]: storedJob });
    const failed = job();
    const ending = planFailure('j1', failed, { code: 'timed_out', message: 'late' });
    await expect(
      db.transact((t) => applyJobEnding(t, { jobId: 'j1', job: failed, ending, nowMs })),
    ).rejects.toThrow('account u1 is missing, so job j1 cannot be refunded');
    expect(db.writes).toEqual([]);
    expect(db.get(accountPath)).toBeUndefined();
  });
});
