import {
  LOW_CREDITS_THRESHOLD_TOKENS,
  imageRequestDefaults,
  paths,
  quoteImageJob,
  type ImageRequest,
} from '@phoenix/core';
import type { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { createImageTaskEnqueuer, type ImageTaskEnqueuer } from '../functions/src/task-queue.ts';
import { createCloudTasksClient } from '@phoenix/server';
import { type Caller, callers, refusalOf } from './functions.callers.ts';
import { startImageServiceFixture, type ImageServiceFixture } from './image-service.fixture.ts';

// Notifications are written by the code that causes them: the image service
// ending a job (through the fixture, wired as in production), cancelJob and
// the accept transaction (through the Functions emulator and the real
// handler). Jobs meant to stay queued go onto a paused queue of the fixture's
// own Cloud Tasks emulator.
const users = callers();
let service: ImageServiceFixture;
let liveQueue: string;
let pausedQueue: ImageTaskEnqueuer;

beforeAll(async () => {
  service = await startImageServiceFixture();
  liveQueue = await service.createQueue();
  const { tasks } = service;
  // The enqueuer always targets the `images` queue; in this harness that one stays paused.
  const paused = `${tasks.location}/queues/images`;
  await tasks.client.createQueue({ parent: tasks.location, queue: { name: paused } });
  await tasks.client.pauseQueue({ name: paused });
  pausedQueue = createImageTaskEnqueuer({
    target: () => ({
      project: tasks.location.split('/')[1]!,
      location: 'us-central1',
      imageServiceUrl: 'http://127.0.0.1:9/never-called',
      invokerEmail: 'tasks-invoker@demo-phoenix.iam.gserviceaccount.com',
    }),
    client: () => createCloudTasksClient(`127.0.0.1:${tasks.emulator.grpcPort}`),
  });
});

afterAll(async () => {
  await users.close();
  await service?.close();
});

const itemsOf = async (uid: string) =>
  (await service.db.collection(paths.notifications(uid)).orderBy('updatedAt', 'desc').get()).docs;

/** What the bell counts: items updated after the owner's read marker (all of them before any). */
async function unreadOf(uid: string): Promise<number> {
  const marker = (await service.db.doc(paths.notificationState(uid)).get()).get('readUpTo') as
    Timestamp | undefined;
  const items = service.db.collection(paths.notifications(uid));
  const unread = marker ? items.where('updatedAt', '>', marker) : items;
  return (await unread.count().get()).data().count;
}

async function queuedJobOf(user: Caller, count: number): Promise<string> {
  const request = { ...imageRequestDefaults, prompt: 'a paper-craft heron', count };
  return (await acceptImageJob({ db: service.db, queue: pausedQueue }, user.uid, request)).jobId;
}

describe('job notifications', () => {
  it('a job that succeeds leaves its owner one job_succeeded with the first thumbnail', async () => {
    const params: ImageRequest = {
      prompt: 'a lighthouse at dusk',
      aspectRatio: '1:1',
      imageSize: '1K',
      count: 2,
      model: 'gemini-2.5-flash-image',
      enhancePrompt: false,
    };
    const { jobId, uid } = await service.seedJob(params);
    await service.enqueue(liveQueue, jobId);
    expect((await service.waitForJobToEnd(jobId)).status).toBe('succeeded');

    const posts = await service.postsOf(jobId);
    const items = await itemsOf(uid);
    expect(items.map((item) => item.id)).toEqual([`job_${jobId}`]);
    expect(items[0]!.data()).toMatchObject({
      kind: 'job_succeeded',
      data: { jobId, thumbUrl: posts[0]!.thumbUrl, count: 2, tokensRefunded: 0 },
    });
  });

  it('a canceled job leaves one job_refunded with the coded reason and the tokens', async () => {
    const user = await users.signUp();
    const jobId = await queuedJobOf(user, 2);
    const tokens = quoteImageJob({ ...imageRequestDefaults, count: 2 }).tokens;
    await user.call('cancelJob', { jobId });

    const items = await itemsOf(user.uid);
    expect(items.map((item) => item.id)).toEqual([`job_${jobId}`]);
    expect(items[0]!.data()).toMatchObject({
      kind: 'job_refunded',
      data: { jobId, reason: { code: 'job_canceled' }, error: null, tokens },
    });
  });

  it('tells of low credits once, on the debit that crosses below the threshold', async () => {
    const user = await users.signUp();
    const perImage = quoteImageJob({ ...imageRequestDefaults, count: 1 }).tokens;
    // As if earlier jobs had spent the grant down to one image above the threshold, so the
    // three jobs left (the third crosses it) stay within the in-flight and hourly limits.
    let balance = LOW_CREDITS_THRESHOLD_TOKENS + perImage;
    await service.db.doc(paths.account(user.uid)).update({ balance });
    let crossing: { jobId: string; balance: number } | undefined;
    while (balance >= perImage) {
      const before = balance;
      const jobId = await queuedJobOf(user, 1);
      balance -= perImage;
      if (before >= LOW_CREDITS_THRESHOLD_TOKENS && balance < LOW_CREDITS_THRESHOLD_TOKENS) {
        crossing = { jobId, balance };
      }
    }
    expect(await service.balanceOf(user.uid)).toBe(balance);
    expect(crossing).toBeDefined();

    const low = (await itemsOf(user.uid)).filter((item) => item.get('kind') === 'low_credits');
    expect(low.map((item) => item.id)).toEqual([`low_credits_${crossing!.jobId}`]);
    expect(low[0]!.get('data')).toEqual({
      balance: crossing!.balance,
      threshold: LOW_CREDITS_THRESHOLD_TOKENS,
    });
  });
});

describe('markNotificationsRead', () => {
  it('brings the unread count to 0, and a later notification counts as unread again', async () => {
    const user = await users.signUp();
    await user.call('cancelJob', { jobId: await queuedJobOf(user, 1) });
    await user.call('cancelJob', { jobId: await queuedJobOf(user, 1) });
    expect(await unreadOf(user.uid)).toBe(2);

    const { readUpTo } = await user.call<{ readUpTo: number }>('markNotificationsRead', {});
    expect(typeof readUpTo).toBe('number');
    expect(await unreadOf(user.uid)).toBe(0);

    await user.call('cancelJob', { jobId: await queuedJobOf(user, 1) });
    expect(await unreadOf(user.uid)).toBe(1);
  });

  it('marks read only up to upTo, and never moves the marker back', async () => {
    const user = await users.signUp();
    await user.call('cancelJob', { jobId: await queuedJobOf(user, 1) });
    const [first] = await itemsOf(user.uid);
    const firstAt = (first!.get('updatedAt') as Timestamp).toMillis();
    await user.call('cancelJob', { jobId: await queuedJobOf(user, 1) });

    expect(await user.call('markNotificationsRead', { upTo: firstAt })).toEqual({ readUpTo: firstAt });
    expect(await unreadOf(user.uid)).toBe(1);
    expect(await user.call('markNotificationsRead', { upTo: firstAt - 60_000 })).toEqual({
      readUpTo: firstAt,
    });
    expect(await unreadOf(user.uid)).toBe(1);
  });

  it('refuses an upTo that is not whole epoch ms with invalid-argument', async () => {
    const user = await users.signUp();
    for (const upTo of ['2026-01-01T00:00:00Z', -5, 1.5]) {
      const refusal = await refusalOf(user.call('markNotificationsRead', { upTo }));
      expect(refusal.code).toBe('functions/invalid-argument');
      expect(refusal.message).toMatch(/^upTo:/);
    }
  });
});
