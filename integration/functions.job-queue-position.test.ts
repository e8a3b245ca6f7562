import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { imageRequestDefaults, paths, type ImageRequest, type JobQueuePositionResponse } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuePositionOf } from '../functions/src/image-jobs/queue-position.ts';
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
  it('counts the image jobs queued before the caller’s, and follows the queue as it moves', async () => {
    const start = Date.now() - 60_000;
    const earlierRunning = await seedDebitedJob(isolated, params, {
      status: 'running',
      createdAt: secondsAfter(start, 0),
    });
    const first = await seedDebitedJob(isolated, params, { createdAt: secondsAfter(start, 1) });
    await seedDebitedJob(isolated, params, { createdAt: secondsAfter(start, 2) });
    const mine = await seedDebitedJob(isolated, params, { createdAt: secondsAfter(start, 3) });
    await seedDebitedJob(isolated, params, { createdAt: secondsAfter(start, 4) });

    expect(await queuePositionOf(isolated, mine.uid, { jobId: mine.jobId })).toEqual({
      status: 'queued',
      ahead: 2,
    });
    expect(await queuePositionOf(isolated, first.uid, { jobId: first.jobId })).toEqual({
      status: 'queued',
      ahead: 0,
    });

    await isolated.doc(paths.job(first.jobId)).update({ status: 'running' });
    expect(await queuePositionOf(isolated, mine.uid, { jobId: mine.jobId })).toEqual({
      status: 'queued',
      ahead: 1,
    });
    expect(await queuePositionOf(isolated, earlierRunning.uid, { jobId: earlierRunning.jobId })).toEqual({
      status: 'running',
      ahead: null,
    });
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
