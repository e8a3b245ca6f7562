import { errorCodes, storedImages } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { failed, image, setup } from './handle-task.fixture.ts';
import { allOutputsFilteredMessage, handleImageTask } from './handle-task.ts';

describe('one image task delivery', () => {
  it('succeeds with every output uploaded under keys of its own attempt', async () => {
    const { deps, job, uploads } = setup(image, { count: 2 });
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 200, outcome: 'succeeded' });
    expect(job.status).toBe('succeeded');
    expect(storedImages(job.outputRecords).map((output) => output.postId)).toEqual(['j1_0', 'j1_1']);
    expect(uploads.sort()).toEqual([
      'images/u1/img_j1_0_a1.webp',
      'images/u1/img_j1_0_a1_thumb.webp',
      'images/u1/img_j1_1_a1.webp',
      'images/u1/img_j1_1_a1_thumb.webp',
    ]);
  });

  it('answers 2xx and calls nothing for a job that already ended', async () => {
    const { deps, job, modelCalls } = setup(image);
    job.status = 'succeeded';
    expect(await handleImageTask(deps, { jobId: 'j1', retryCount: 3 })).toMatchObject({
      httpStatus: 200,
      outcome: 'skipped',
    });
    expect(modelCalls).toEqual([]);
  });

  it('backs a twin delivery off with 429 until the lease runs out', async () => {
    const { deps, job, modelCalls } = setup(image);
    job.status = 'running';
    job.lease = { holder: 'twin', expiresAtMs: Date.now() + 12_300 };
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 429, outcome: 'busy' });
    expect(outcome.retryAfterSeconds).toBeGreaterThanOrEqual(12);
    expect(outcome.retryAfterSeconds).toBeLessThanOrEqual(13);
    expect(modelCalls).toEqual([]);
  });

  it('answers 404 for a job that does not exist', async () => {
    const { deps } = setup(image);
    expect((await handleImageTask(deps, { jobId: 'nope', retryCount: 0 })).httpStatus).toBe(404);
  });
});

describe('paid outputs are kept', () => {
  it('stores the images that came back when one call of four meets a 429, and a retry makes only the missing one', async () => {
    let busyIndex: number | null = 2;
    const { deps, job, modelCalls } = setup((index) => (index === busyIndex ? failed(429) : image()));
    const first = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(first).toMatchObject({ httpStatus: 503, retryAfterSeconds: 7, outcome: 'retry' });
    expect(job.lease).toBeNull();
    expect(Object.keys(job.outputRecords).sort()).toEqual(['0', '1', '3']);

    busyIndex = null;
    const retry = await handleImageTask(deps, { jobId: 'j1', retryCount: 1 });
    expect(retry).toMatchObject({ httpStatus: 200, outcome: 'succeeded' });
    expect(modelCalls).toEqual([0, 1, 2, 3, 2]);
    expect(storedImages(job.outputRecords).map((output) => output.imageUrl)).toEqual([
      'https://media.example/images/u1/img_j1_0_a1.webp',
      'https://media.example/images/u1/img_j1_1_a1.webp',
      'https://media.example/images/u1/img_j1_2_a2.webp',
      'https://media.example/images/u1/img_j1_3_a1.webp',
    ]);
    expect(job.refundedTokens).toBe(0);
  });

  it('settles what it has on the last attempt and refunds only the missing outputs', async () => {
    const { deps, job } = setup((index) => (index === 0 ? image() : failed(500)));
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 4 });
    expect(outcome).toMatchObject({ httpStatus: 200, outcome: 'succeeded' });
    expect(job.refundedTokens).toBe(3);
  });

  it('keeps stored images across a storage failure of another output', async () => {
    let uploadsLeft = 2; // the first output's image and thumbnail
    const { deps, job } = setup(image, { count: 2 });
    const put = deps.media.put;
    deps.media.put = async (key, body, contentType) => {
      if (uploadsLeft-- <= 0) throw new Error('connect ECONNREFUSED');
      return put(key, body, contentType);
    };
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 500, outcome: 'retry' });
    expect(storedImages(job.outputRecords)).toHaveLength(1);
  });
});

describe('failures', () => {
  it.each([429, 500, 503, undefined])(
    'asks for a retry on model %s and gives the lease back',
    async (status) => {
      const { deps, job } = setup(() => failed(status));
      const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 3 });
      expect(outcome).toMatchObject({ httpStatus: 503, retryAfterSeconds: 7, outcome: 'retry' });
      expect(job).toMatchObject({ status: 'running', lease: null, error: null });
    },
  );

  it('fails the job as model_unavailable when the last attempt meets a busy model', async () => {
    const { deps, job } = setup(() => failed(500, 'Internal error encountered.'));
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 4 });
    expect(outcome).toMatchObject({ httpStatus: 200, outcome: 'failed' });
    expect(job.error).toEqual({ code: 'model_unavailable', message: errorCodes.model_unavailable.message });
    expect(job.refundedTokens).toBe(4);
  });

  it('fails a blocked Imagen prompt at once as safety_blocked', async () => {
    const { deps, job } = setup(() =>
      failed(400, 'The prompt could not be submitted. This prompt contains sensitive words.'),
    );
    expect((await handleImageTask(deps, { jobId: 'j1', retryCount: 0 })).httpStatus).toBe(200);
    expect(job.error).toEqual({ code: 'safety_blocked', message: errorCodes.safety_blocked.message });
  });

  it('fails a blocked Gemini prompt (a 200 with a block reason) as safety_blocked', async () => {
    const { deps, job } = setup(() => ({ kind: 'blocked', reason: 'PROHIBITED_CONTENT' }));
    await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(job.error).toEqual({ code: 'safety_blocked', message: errorCodes.safety_blocked.message });
  });

  it('fails with its own message when the output filter removed every image, and logs why', async () => {
    const { deps, job } = setup(() => ({ kind: 'filtered', reason: 'IMAGE_SAFETY' }));
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(job.error).toEqual({ code: 'safety_blocked', message: allOutputsFilteredMessage });
    expect(outcome.details).toMatchObject({
      filteredReasons: ['IMAGE_SAFETY', 'IMAGE_SAFETY', 'IMAGE_SAFETY', 'IMAGE_SAFETY'],
    });
  });

  it('retries a storage failure with 500 while attempts remain', async () => {
    const { deps, job } = setup(image, { storageFails: true });
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 500, outcome: 'retry' });
    expect(outcome.retryAfterSeconds).toBeUndefined();
    expect(job).toMatchObject({ status: 'running', lease: null });
  });

  it('fails and refunds as internal when storage fails on the last attempt', async () => {
    const { deps, job } = setup(image, { storageFails: true });
    expect((await handleImageTask(deps, { jobId: 'j1', retryCount: 4 })).httpStatus).toBe(200);
    expect(job.error).toEqual({ code: 'internal', message: errorCodes.internal.message });
  });

  it('asks for another try, lease released, when recording a failure itself fails', async () => {
    const { deps, jobs, job } = setup(() =>
      failed(400, 'The prompt could not be submitted. This prompt contains sensitive words.'),
    );
    jobs.failThrows = true;
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 500, outcome: 'retry' });
    expect(job.lease).toBeNull();
  });

  it('never treats an unlimited queue as on its last attempt', async () => {
    const { deps, job } = setup(() => failed(429, 'Resource exhausted'));
    deps.queueMaxAttempts = -1;
    expect((await handleImageTask(deps, { jobId: 'j1', retryCount: 1000 })).httpStatus).toBe(503);
    expect(job.status).toBe('running');
  });
});
