import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import {
  STARTING_GRANT_TOKENS,
  errorCodes,
  imageRequestDefaults,
  quoteImageJob,
  type JobDoc,
  type LedgerEntryDoc,
} from '@phoenix/core';
import { logger } from 'firebase-functions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type EmulatorHarness, startEmulatorHarness } from '../dev/src/cloud-tasks/test-harness.ts';
import { cancelQueuedJob } from '../functions/src/image-jobs/cancel.ts';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { createImageTaskEnqueuer, type ImageTaskEnqueuer } from '../functions/src/task-queue.ts';
import { createCloudTasksClient } from '@phoenix/server';
import { type Caller, callers, refusalOf } from './functions.callers.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

// Jobs are accepted by the real handler onto a paused queue of an emulator of
// this file's own, so they stay queued (the shared stack's image service would
// start them); cancelJob is then called as the user, through the emulators.
const stack = testStack();
const users = callers();
let admin: App;
let db: Firestore;
let harness: EmulatorHarness;
let pausedQueue: ImageTaskEnqueuer;

beforeAll(async () => {
  stack.useEmulatorEnv();
  admin = initializeApp({ projectId: stack.projectId }, uniquePrefix('admin'));
  db = getFirestore(admin);
  harness = await startEmulatorHarness({ project: stack.projectId, location: 'us-central1' });
  const images = `${harness.location}/queues/images`;
  await harness.client.createQueue({ parent: harness.location, queue: { name: images } });
  await harness.client.pauseQueue({ name: images });
  pausedQueue = createImageTaskEnqueuer({
    target: () => ({
      project: stack.projectId,
      location: 'us-central1',
      imageServiceUrl: 'http://127.0.0.1:9/never-called',
      invokerEmail: 'tasks-invoker@demo-phoenix.iam.gserviceaccount.com',
    }),
    client: () => createCloudTasksClient(`127.0.0.1:${harness.emulator.grpcPort}`),
  });
});

afterAll(async () => {
  await users.close();
  await harness.close();
  await deleteApp(admin);
});

/** What a job of two images on the default model debits. */
const twoImages = quoteImageJob({ ...imageRequestDefaults, count: 2 }).tokens;

async function queuedJobOf(user: Caller, count = 2): Promise<string> {
  const request = { ...imageRequestDefaults, prompt: 'a paper-craft dragon', count };
  return (await acceptImageJob({ db, queue: pausedQueue }, user.uid, request)).jobId;
}

const balanceOf = async (uid: string) => (await db.doc(`accounts/${uid}`).get()).get('balance') as number;
const refundsOf = async (uid: string) =>
  (await db.collection(`accounts/${uid}/ledger`).where('kind', '==', 'refund').get()).docs;

describe('cancelJob', () => {
  it('cancels the caller’s queued job and refunds it exactly once', async () => {
    const user = await users.signUp();
    const jobId = await queuedJobOf(user, 2);
    expect(await balanceOf(user.uid)).toBe(STARTING_GRANT_TOKENS - twoImages);

    expect(await user.call('cancelJob', { jobId })).toEqual({ jobId, tokensRefunded: twoImages });

    const job = (await db.doc(`jobs/${jobId}`).get()).data() as JobDoc;
    expect(job.status).toBe('canceled');
    expect(job.error).toBeNull();
    expect(job.cost).toMatchObject({
      tokens: twoImages,
      tokensSettled: 0,
      settledMicroUsd: 0,
      tokensRefunded: twoImages,
    });
    expect(job.finishedAt?.toMillis()).toBeGreaterThan(0);
    expect(await balanceOf(user.uid)).toBe(STARTING_GRANT_TOKENS);
    const refunds = await refundsOf(user.uid);
    expect(refunds.map((entry) => entry.id)).toEqual([`refund_${jobId}`]);
    expect(refunds[0]!.data() as LedgerEntryDoc).toMatchObject({
      tokens: twoImages,
      balanceAfter: STARTING_GRANT_TOKENS,
      jobId,
    });

    const again = await refusalOf(user.call('cancelJob', { jobId }));
    expect(again.code).toBe('functions/failed-precondition');
    expect(again.message.startsWith(errorCodes.job_not_cancelable.message)).toBe(true);
    expect(again.details).toMatchObject({ code: 'job_not_cancelable' });
    expect(await balanceOf(user.uid)).toBe(STARTING_GRANT_TOKENS);
    expect(await refundsOf(user.uid)).toHaveLength(1);
  });

  it('logs one job_ended line for the cancel that ended the job, and none for a cancel that finds it ended', async () => {
    const user = await users.signUp();
    const jobId = await queuedJobOf(user);
    const createdAtMs = (
      (await db.doc(`jobs/${jobId}`).get()).data() as JobDoc<Timestamp>
    ).createdAt.toMillis();
    const logged = vi.spyOn(logger, 'info');
    try {
      const before = Date.now();
      await cancelQueuedJob(db, user.uid, { jobId });
      const after = Date.now();
      await expect(cancelQueuedJob(db, user.uid, { jobId })).rejects.toMatchObject({
        code: 'job_not_cancelable',
      });

      const lines = logged.mock.calls.filter(
        ([, fields]) => fields?.event === 'job_ended' && fields.jobId === jobId,
      );
      expect(lines).toEqual([
        [
          'job ended',
          { jobId, event: 'job_ended', kind: 'image', jobStatus: 'canceled', pipelineMs: expect.any(Number) },
        ],
      ]);
      const { pipelineMs } = lines[0]![1] as { pipelineMs: number };
      expect(pipelineMs).toBeGreaterThanOrEqual(before - createdAtMs - 1);
      expect(pipelineMs).toBeLessThanOrEqual(after - createdAtMs + 1);
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses to cancel someone else’s job and leaves it queued', async () => {
    const owner = await users.signUp();
    const stranger = await users.signUp();
    const jobId = await queuedJobOf(owner);

    const refused = await refusalOf(stranger.call('cancelJob', { jobId }));
    expect(refused.code).toBe('functions/permission-denied');
    expect(((await db.doc(`jobs/${jobId}`).get()).data() as JobDoc).status).toBe('queued');
    expect(await balanceOf(owner.uid)).toBe(STARTING_GRANT_TOKENS - twoImages);
    expect(await refundsOf(owner.uid)).toHaveLength(0);
  });

  it('answers not-found for a job that does not exist', async () => {
    const user = await users.signUp();
    const refused = await refusalOf(user.call('cancelJob', { jobId: 'noSuchJob000000000000' }));
    expect(refused.code).toBe('functions/not-found');
  });

  it('refuses a job id that is not one, naming the field', async () => {
    const user = await users.signUp();
    const refused = await refusalOf(user.call('cancelJob', { jobId: 'x/ledger/grant_start' }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.details).toEqual({ code: 'invalid_argument', field: 'jobId' });
  });

  it('refuses an id Firestore reserves (__x__) as invalid-argument, not internal', async () => {
    const user = await users.signUp();
    const refused = await refusalOf(user.call('cancelJob', { jobId: '__x__' }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.message.startsWith('jobId: That is not a job id.')).toBe(true);
    expect(refused.details).toEqual({ code: 'invalid_argument', field: 'jobId' });
  });
});
