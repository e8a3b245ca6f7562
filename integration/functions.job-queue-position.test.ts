import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  imageRequestDefaults,
  paths,
  queueBoardLimits,
  type ImageRequest,
  type JobQueuePositionResponse,
  type QueueBoardDoc,
} from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingFirestore, emptyTally } from '../bench/video-reads.ts';
import { queuePositionOf } from '../functions/src/image-jobs/queue-position.ts';
import { createFirestoreJobStore } from '../runner/src/image/job-store.ts';
import { silentLogger } from '../runner/src/platform/log.ts';
import { callers, refusalOf } from './functions.callers.ts';
import { seedDebitedJob } from './support/seed-job.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

const stack = testStack();
const users = callers();
const params: ImageRequest = { ...imageRequestDefaults, prompt: 'a paper crane in rain', count: 1 };
const secondsAfter = (start: number, seconds: number) => Timestamp.fromMillis(start + seconds * 1000);

let admin: App;
let isolatedAdmin: App;
let isolated: Firestore;
let shared: Firestore;

beforeAll(() => {
  stack.useEmulatorEnv();
  admin = initializeApp({ projectId: stack.projectId }, uniquePrefix('admin'));
  shared = getFirestore(admin);
  // Counting "ahead" needs a queue no other test file adds to meanwhile.
  isolatedAdmin = initializeApp({ projectId: uniquePrefix('demo-queue') }, uniquePrefix('admin'));
  isolated = getFirestore(isolatedAdmin);
});

afterAll(async () => {
  await users.close();
  await Promise.all([deleteApp(admin), deleteApp(isolatedAdmin)]);
});

describe('queuePositionOf', () => {
  it('reads each of 20 queued jobs’ place off the board exactly, and follows the queue as it moves', async () => {
    const start = Date.now() - 600_000;
    await seedDebitedJob(isolated, params, { status: 'running', createdAt: secondsAfter(start, 0) });
    const queued = [];
    for (let index = 1; index <= 20; index++) {
      queued.push(await seedDebitedJob(isolated, params, { createdAt: secondsAfter(start, index) }));
    }
    let now = Date.now();
    for (const [index, job] of queued.entries()) {
      const answer = await queuePositionOf(isolated, job.uid, { jobId: job.jobId }, now);
      expect(answer, `job ${index + 1}`).toMatchObject({
        status: 'queued',
        ahead: index,
        beyondBoard: false,
      });
    }
    const board = (await isolated.doc(paths.queueBoard('image')).get()).data() as QueueBoardDoc;
    expect(board).toMatchObject({ kind: 'image', queued: 20 });
    expect(board.queuedCreatedAtMs).toHaveLength(20);

    // Three start (one had started in the window already): the next refresh moves everyone up.
    for (const job of queued.slice(0, 3)) {
      await isolated
        .doc(paths.job(job.jobId))
        .update({ status: 'running', startedAt: Timestamp.fromMillis(now) });
    }
    const mine = queued[10]!;
    // Starts written behind the workers' backs: an ask rewrites the board only once it is
    // askRefreshMs old, and until then answers the board as it was.
    const { askRefreshMs } = queueBoardLimits;
    expect(
      await queuePositionOf(isolated, mine.uid, { jobId: mine.jobId }, now + askRefreshMs - 1),
    ).toMatchObject({ ahead: 10 });
    now += askRefreshMs;
    const moved = await queuePositionOf(isolated, mine.uid, { jobId: mine.jobId }, now);
    expect(moved).toMatchObject({ status: 'queued', ahead: 7 });
    // 3 starts in 5 minutes: 0.6 a minute, so 8th in line waits about 10–18 minutes.
    expect(moved.etaMinutes).toEqual({ low: 10, high: 18 });
    expect(await queuePositionOf(isolated, queued[0]!.uid, { jobId: queued[0]!.jobId }, now)).toEqual({
      status: 'running',
      ahead: null,
    });
  });

  it('rewrites the board once, however many ask at once', async () => {
    const project = initializeApp({ projectId: uniquePrefix('demo-board') }, uniquePrefix('admin'));
    const db = getFirestore(project);
    try {
      const jobs = await Promise.all(Array.from({ length: 5 }, () => seedDebitedJob(db, params)));
      const now = Date.now();
      await Promise.all(
        Array.from({ length: 30 }, (_, index) => {
          const job = jobs[index % jobs.length]!;
          return queuePositionOf(db, job.uid, { jobId: job.jobId }, now);
        }),
      );
      const first = await db.doc(paths.queueBoard('image')).get();
      await Promise.all(jobs.map((job) => queuePositionOf(db, job.uid, { jobId: job.jobId }, now + 999)));
      const second = await db.doc(paths.queueBoard('image')).get();
      // One board, written once: its update time did not move for the asks within the second.
      expect(second.updateTime?.isEqual(first.updateTime!)).toBe(true);
      expect(first.get('updatedAtMs')).toBe(now);
    } finally {
      await deleteApp(project);
    }
  });

  it('reads the board once per ask, stale or not: a refresh rewrites the board the ask read', async () => {
    const project = initializeApp({ projectId: uniquePrefix('demo-reads') }, uniquePrefix('admin'));
    const db = getFirestore(project);
    try {
      const job = await seedDebitedJob(db, params);
      const costOfAsk = async (nowMs: number) => {
        const tally = emptyTally();
        await queuePositionOf(countingFirestore(db, tally), job.uid, { jobId: job.jobId }, nowMs);
        return tally;
      };
      // The job, the board, then the refresh: a page of the one queued job, two counts and a write.
      const refreshed = { reads: 5, queries: 1, counts: 2, writes: 1 };
      const now = Date.now();

      expect(await costOfAsk(now), 'no board yet').toEqual(refreshed);
      expect(await costOfAsk(now + 1), 'a fresh board').toEqual({
        reads: 2,
        queries: 0,
        counts: 0,
        writes: 0,
      });
      const stale = now + queueBoardLimits.askRefreshMs;
      expect(await costOfAsk(stale), 'a stale board').toEqual(refreshed);
      const board = (await db.doc(paths.queueBoard('image')).get()).data() as QueueBoardDoc;
      expect(board).toMatchObject({ queued: 1, updatedAtMs: stale });
    } finally {
      await deleteApp(project);
    }
  });

  it('counts the jobs that joined just ahead of a new one, which the board written before it missed', async () => {
    const project = initializeApp({ projectId: uniquePrefix('demo-join') }, uniquePrefix('admin'));
    const db = getFirestore(project);
    try {
      const start = Date.now() - 60_000;
      const first = await seedDebitedJob(db, params, { createdAt: secondsAfter(start, 0) });
      const now = Date.now();
      expect(await queuePositionOf(db, first.uid, { jobId: first.jobId }, now)).toMatchObject({ ahead: 0 });
      // Two more join after that board was written; the board lists only the first.
      await seedDebitedJob(db, params, { createdAt: Timestamp.fromMillis(now + 10) });
      const third = await seedDebitedJob(db, params, { createdAt: Timestamp.fromMillis(now + 20) });

      const answer = await queuePositionOf(db, third.uid, { jobId: third.jobId }, now + 1_000);
      expect(answer).toMatchObject({ status: 'queued', ahead: 2 });
    } finally {
      await deleteApp(project);
    }
  });

  it('moves the people behind up when a worker claims the head of the queue, with nobody asking', async () => {
    const project = initializeApp({ projectId: uniquePrefix('demo-claim') }, uniquePrefix('admin'));
    const db = getFirestore(project);
    try {
      const start = Date.now() - 60_000;
      const jobs = [];
      for (let index = 0; index < 3; index++) {
        jobs.push(await seedDebitedJob(db, params, { createdAt: secondsAfter(start, index) }));
      }
      const last = jobs[2]!;
      expect(await queuePositionOf(db, last.uid, { jobId: last.jobId })).toMatchObject({ ahead: 2 });
      const boardRef = db.doc(paths.queueBoard('image'));
      const rewritten = new Promise<QueueBoardDoc>((resolve) => {
        const stop = boardRef.onSnapshot((snapshot) => {
          const board = snapshot.data() as QueueBoardDoc | undefined;
          if (board && board.queued === 2) {
            stop();
            resolve(board);
          }
        });
      });

      const store = createFirestoreJobStore(db, { logger: silentLogger });
      const claim = await store.claim(jobs[0]!.jobId, 'worker-1', Date.now(), false);
      expect(claim.kind).toBe('claimed');

      const board = await rewritten;
      expect(board.queuedCreatedAtMs).toEqual([start + 1_000, start + 2_000]);
      expect(board.startedInWindow).toBe(1);
    } finally {
      await deleteApp(project);
    }
  });

  it('refuses someone else’s job and a job that does not exist', async () => {
    const theirs = await seedDebitedJob(isolated, params);
    await expect(queuePositionOf(isolated, 'someone-else', { jobId: theirs.jobId })).rejects.toMatchObject({
      code: 'permission_denied',
    });
    await expect(queuePositionOf(isolated, theirs.uid, { jobId: 'no-such-job' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('jobQueuePosition (callable)', () => {
  it('answers a signed-in owner for their queued job', async () => {
    // Not through ensureAccount: the seeded job brings its own debited account.
    const user = await users.signUp({ verified: false });
    // Seeded rather than created, so no task takes it out of the queue while we ask.
    const { jobId } = await seedDebitedJob(shared, params, { uid: user.uid });

    const answer = await user.call<JobQueuePositionResponse>('jobQueuePosition', { jobId });

    expect(answer.status).toBe('queued');
    expect(answer.ahead).toEqual(expect.any(Number));
  });

  it('refuses a bad id naming jobId, a stranger’s job, and a missing one, each with its own code', async () => {
    const [owner, stranger] = await Promise.all([
      users.signUp({ verified: false }),
      users.signUp({ verified: false }),
    ]);
    const { jobId } = await seedDebitedJob(shared, params, { uid: owner.uid });

    const bad = await refusalOf(stranger.call('jobQueuePosition', { jobId: '../accounts/x' }));
    expect(bad.code).toBe('functions/invalid-argument');
    expect(bad.details).toEqual({ code: 'invalid_argument', field: 'jobId' });
    expect((await refusalOf(stranger.call('jobQueuePosition', { jobId }))).code).toBe(
      'functions/permission-denied',
    );
    expect((await refusalOf(stranger.call('jobQueuePosition', { jobId: 'no-such-job' }))).code).toBe(
      'functions/not-found',
    );
  });

  it('refuses an id Firestore reserves (__x__) as invalid-argument, not internal', async () => {
    const user = await users.signUp();
    const refused = await refusalOf(user.call('jobQueuePosition', { jobId: '__x__' }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.message.startsWith('jobId: That is not a job id.')).toBe(true);
    expect(refused.details).toEqual({ code: 'invalid_argument', field: 'jobId' });
  });
});
