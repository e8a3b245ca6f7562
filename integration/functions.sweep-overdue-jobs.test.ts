import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  errorCodes,
  imageJobDeadlineMs,
  imageRequestDefaults,
  paths,
  type ImageRequest,
  type JobDoc,
} from '@phoenix/core';
import { logger } from 'firebase-functions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { endOverdueJobs } from '../functions/src/image-jobs/sweep.ts';
import { seedDebitedJob } from './support/seed-job.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

// The sweeper's work, with real firebase-admin against the Firestore emulator,
// in a project of its own: a sweep ends every overdue job it can see. The
// schedule itself is Cloud Scheduler's; the emulator does not run it.
const stack = testStack();
let admin: App;
let db: Firestore;

beforeAll(() => {
  stack.useEmulatorEnv();
  admin = initializeApp({ projectId: uniquePrefix('demo-sweep') }, uniquePrefix('admin'));
  db = getFirestore(admin);
});

afterAll(async () => {
  await deleteApp(admin);
});

const params: ImageRequest = { ...imageRequestDefaults, prompt: 'a lighthouse in fog', count: 3 };
const ago = (ms: number) => Timestamp.fromMillis(Date.now() - ms);
const overdue = ago(imageJobDeadlineMs + 60_000);

/** Overdue jobs no sweep can end: their owner's account is gone, so the refund throws. */
async function seedStuckJobs(count: number, createdAt: Timestamp): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const seeded = await seedDebitedJob(db, params, { createdAt });
    await db.doc(paths.account(seeded.uid)).delete();
    ids.push(seeded.jobId);
  }
  return ids;
}

const readJob = async (jobId: string) => (await db.doc(paths.job(jobId)).get()).data() as JobDoc<Timestamp>;
const balanceOf = async (uid: string) => (await db.doc(paths.account(uid)).get()).get('balance') as number;
const ledgerKindsOf = async (uid: string) =>
  (await db.collection(paths.ledger(uid)).get()).docs.map((line) => line.get('kind') as string).sort();

describe('sweeping overdue jobs', () => {
  it('fails and refunds a queued job past its deadline exactly once, however many sweeps run', async () => {
    const seeded = await seedDebitedJob(db, params, { createdAt: overdue });

    const sweeps = await Promise.all([endOverdueJobs(db), endOverdueJobs(db)]);
    const again = await endOverdueJobs(db);

    expect(
      [...sweeps, again].flatMap((sweep) => sweep.ended).filter((id) => id === seeded.jobId),
    ).toHaveLength(1);
    expect(await readJob(seeded.jobId)).toMatchObject({
      status: 'failed',
      error: { code: 'timed_out', message: errorCodes.timed_out.message },
      cost: { tokensRefunded: seeded.tokens },
      lease: null,
    });
    expect(await balanceOf(seeded.uid)).toBe(seeded.balanceAfterDebit + seeded.tokens);
    expect(await ledgerKindsOf(seeded.uid)).toEqual(['debit', 'grant', 'refund']);
  });

  it('logs one job_ended line for a job it ended, from the one sweep whose ending was written', async () => {
    const seeded = await seedDebitedJob(db, params, { createdAt: overdue });
    const warned = vi.spyOn(logger, 'warn');
    try {
      const before = Date.now();
      await Promise.all([endOverdueJobs(db), endOverdueJobs(db)]);
      await endOverdueJobs(db);
      const after = Date.now();

      const lines = warned.mock.calls.filter(
        ([, fields]) => fields?.event === 'job_ended' && fields.jobId === seeded.jobId,
      );
      expect(lines).toEqual([
        [
          'job ended',
          {
            jobId: seeded.jobId,
            event: 'job_ended',
            kind: 'image',
            jobStatus: 'failed',
            pipelineMs: expect.any(Number),
          },
        ],
      ]);
      // Never taken by a delivery, so no queue wait; waited from its creation to the sweep.
      const { pipelineMs } = lines[0]![1] as { pipelineMs: number };
      expect(pipelineMs).toBeGreaterThanOrEqual(before - overdue.toMillis() - 1);
      expect(pipelineMs).toBeLessThanOrEqual(after - overdue.toMillis() + 1);
    } finally {
      warned.mockRestore();
    }
  });

  it('leaves a running job to the delivery whose lease is live, and ends it once that lease has run out', async () => {
    const leaseEndsMs = Date.now() + 60_000;
    const seeded = await seedDebitedJob(db, params, {
      status: 'running',
      attempts: 5,
      createdAt: overdue,
      lease: { holder: 'delivery-that-died', expiresAt: Timestamp.fromMillis(leaseEndsMs) },
    });

    expect((await endOverdueJobs(db)).ended).not.toContain(seeded.jobId);
    expect((await readJob(seeded.jobId)).status).toBe('running');

    expect((await endOverdueJobs(db, { nowMs: leaseEndsMs })).ended).toContain(seeded.jobId);
    expect((await readJob(seeded.jobId)).status).toBe('failed');
    expect(await balanceOf(seeded.uid)).toBe(seeded.balanceAfterDebit + seeded.tokens);
  });

  it('leaves a job still inside its deadline, and a finished one however old', async () => {
    const young = await seedDebitedJob(db, params, { createdAt: ago(imageJobDeadlineMs - 60_000) });
    const finished = await seedDebitedJob(db, params, { status: 'succeeded', createdAt: overdue });

    const { ended } = await endOverdueJobs(db);

    expect(ended).not.toContain(young.jobId);
    expect(ended).not.toContain(finished.jobId);
    expect((await readJob(young.jobId)).status).toBe('queued');
    expect((await readJob(finished.jobId)).status).toBe('succeeded');
    expect(await balanceOf(young.uid)).toBe(young.balanceAfterDebit);
    expect(await ledgerKindsOf(finished.uid)).toEqual(['debit', 'grant']);
  });

  it('pages past a full page of jobs it cannot end and ends a newer overdue job', async () => {
    const stuck = await seedStuckJobs(3, ago(imageJobDeadlineMs + 10 * 3_600_000));
    const newer = await seedDebitedJob(db, params, { createdAt: ago(imageJobDeadlineMs + 5 * 3_600_000) });

    const sweep = await endOverdueJobs(db, { pageSize: 2 });

    expect(sweep.stuck).toEqual(expect.arrayContaining(stuck));
    expect(sweep.ended).toContain(newer.jobId);
    expect((await readJob(newer.jobId)).status).toBe('failed');
    expect(await balanceOf(newer.uid)).toBe(newer.balanceAfterDebit + newer.tokens);
    for (const jobId of stuck) expect((await readJob(jobId)).status).toBe('queued');
  });

  it('looks at no more candidates than its budget; a larger budget reaches the rest', async () => {
    // Older than every other job in this project, so they are the first five candidates.
    const stuck = await seedStuckJobs(5, ago(imageJobDeadlineMs + 30 * 3_600_000));
    const sixth = await seedDebitedJob(db, params, { createdAt: ago(imageJobDeadlineMs + 29 * 3_600_000) });

    const bounded = await endOverdueJobs(db, { pageSize: 2, maxCandidates: 4 });
    expect(bounded).toEqual({ ended: [], stuck: [...stuck].sort().slice(0, 4), examined: 4 });
    expect((await readJob(sixth.jobId)).status).toBe('queued');

    const wider = await endOverdueJobs(db, { pageSize: 2, maxCandidates: 6 });
    expect(wider.examined).toBe(6);
    expect(wider.ended).toEqual([sixth.jobId]);
  });
});
