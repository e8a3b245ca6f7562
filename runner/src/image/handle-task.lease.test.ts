import { errorCodes, storedImages } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { failed, image, setup } from './handle-task.fixture.ts';
import { handleImageTask } from './handle-task.ts';

/** Resolves once `signal` aborts, as a model call does when its delivery gives up. */
const untilAborted = (signal: AbortSignal) =>
  new Promise<ReturnType<typeof failed>>((resolve) =>
    signal.addEventListener('abort', () => resolve(failed(undefined, 'This operation was aborted')), {
      once: true,
    }),
  );

describe('the lease of a working delivery', () => {
  it('is renewed while the work runs, so a slow but live holder keeps its job', async () => {
    let renewed!: () => void;
    const renewal = new Promise<void>((resolve) => (renewed = resolve));
    const { deps, jobs, job } = setup(async () => {
      await renewal;
      return image();
    });
    const renew = jobs.renew.bind(jobs);
    jobs.renew = async (...args) => {
      const state = await renew(...args);
      renewed();
      return state;
    };
    deps.limits = { leaseRenewIntervalMs: 5 };
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome.outcome).toBe('succeeded');
    expect(jobs.calls).toContain('renew');
    expect(job.status).toBe('succeeded');
  });

  it('lost to another delivery: the late outputs are neither recorded nor settled', async () => {
    let takeOver!: () => void;
    const takenOver = new Promise<void>((resolve) => (takeOver = resolve));
    const { deps, job, uploads } = setup(
      async () => {
        await takenOver;
        return image();
      },
      { count: 1 },
    );
    const delivery = handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    await expect.poll(() => job.lease?.holder).toBeDefined();
    // The holder stalled past its lease and a redelivery took the job.
    job.lease = { holder: 'redelivery', expiresAtMs: Date.now() + 60_000 };
    takeOver();
    expect(await delivery).toMatchObject({ httpStatus: 200, outcome: 'superseded' });
    expect(job.outputRecords).toEqual({});
    expect(job.status).toBe('running');
    // Its upload went to keys of its own attempt, beside whatever the new holder writes.
    expect(uploads).toEqual(['images/u1/img_j1_0_a1.webp', 'images/u1/img_j1_0_a1_thumb.webp']);
  });

  it('runs out at the work budget: the calls are aborted and the lease released for a retry', async () => {
    const { deps, job } = setup((_index, signal) => untilAborted(signal));
    deps.limits = { workBudgetMs: 20 };
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 503, outcome: 'retry' });
    expect(job).toMatchObject({ status: 'running', lease: null });
  });

  it('is released when the instance abandons its work in a drain', async () => {
    const abandon = new AbortController();
    const { deps, job } = setup((index, signal) => (index === 0 ? image() : untilAborted(signal)));
    const delivery = handleImageTask(deps, { jobId: 'j1', retryCount: 1, signal: abandon.signal });
    await expect.poll(() => Object.keys(job.outputRecords)).toEqual(['0']);
    abandon.abort();
    expect(await delivery).toMatchObject({ httpStatus: 503, outcome: 'retry' });
    expect(job).toMatchObject({ status: 'running', lease: null });
    expect(storedImages(job.outputRecords)).toHaveLength(1);
  });
});

describe('the last delivery Cloud Tasks will make', () => {
  it('waits out a dead holder’s lease and takes the job over instead of answering busy', async () => {
    const { deps, jobs, job } = setup(image, { count: 1 });
    job.status = 'running';
    job.lease = { holder: 'crashed', expiresAtMs: Date.now() + 30 };
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 4 });
    expect(outcome).toMatchObject({ httpStatus: 200, outcome: 'succeeded' });
    expect(jobs.calls.filter((call) => call === 'claim').length).toBeGreaterThanOrEqual(2);
  });

  it('leaves the job to a live holder, which then ends it instead of asking for a retry', async () => {
    const { deps, jobs, job } = setup(() => failed(429), { count: 1 });
    job.status = 'running';
    job.lease = { holder: 'live twin', expiresAtMs: Date.now() + 60_000 };
    deps.limits = { finalDeliveryWaitMs: 20 };
    expect(await handleImageTask(deps, { jobId: 'j1', retryCount: 4 })).toMatchObject({
      httpStatus: 200,
      outcome: 'left',
    });
    expect(job.finalDeliveryAtMs).not.toBeNull();
    expect(jobs.calls).not.toContain('fail');

    // The holder's own retry path: its lease lapses, its next delivery (not itself the last) meets a 429.
    job.lease = null;
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 1 });
    expect(outcome).toMatchObject({ httpStatus: 200, outcome: 'failed' });
    expect(job.error).toEqual({ code: 'model_unavailable', message: errorCodes.model_unavailable.message });
  });
});
