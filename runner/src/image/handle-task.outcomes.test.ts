import { errorCodes, type ImageRequest, type JobError } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { ModelCallError, type GeneratedImages } from './generate.ts';
import { allOutputsFilteredMessage, handleImageTask, type ImageTaskDeps } from './handle-task.ts';
import type { ClaimResult, EndResult, JobStore } from './job-store.ts';
import type { PublishedOutput } from './publish.ts';
import type { RenderedImage } from './render.ts';

const params: ImageRequest = {
  prompt: 'a lantern in fog',
  aspectRatio: '1:1',
  count: 2,
  model: 'imagen-4.0-fast-generate-001',
  enhancePrompt: false,
};

/** Records what the handler asked of the store; answers as the scenario says. */
class RecordingJobStore implements JobStore {
  claimResult: ClaimResult = { kind: 'claimed', job: { uid: 'u1', params, attempts: 1 } };
  endResult: EndResult = { written: true, refundTokens: 0 };
  releases: string[] = [];
  failures: JobError[] = [];
  successes: PublishedOutput[][] = [];

  async claim(): Promise<ClaimResult> {
    return this.claimResult;
  }
  async release(jobId: string): Promise<void> {
    this.releases.push(jobId);
  }
  async succeed(_jobId: string, _holder: string, outputs: readonly PublishedOutput[]): Promise<EndResult> {
    this.successes.push([...outputs]);
    return this.endResult;
  }
  failThrows = false;
  async fail(_jobId: string, _holder: string, error: JobError): Promise<EndResult> {
    if (this.failThrows) throw new Error('DEADLINE_EXCEEDED');
    this.failures.push(error);
    return this.endResult;
  }
}

const fakeRender = async (): Promise<RenderedImage> => ({
  full: Buffer.from('full'),
  thumbnail: Buffer.from('thumb'),
  placeholder: 'data:image/webp;base64,AA==',
  dominantColor: '#000000',
  width: 1024,
  height: 1024,
});

function setup(model: () => Promise<GeneratedImages>, options: { storageFails?: boolean } = {}) {
  const jobs = new RecordingJobStore();
  const uploads: string[] = [];
  let modelCalls = 0;
  const deps: ImageTaskDeps = {
    jobs,
    generator: {
      generate: () => {
        modelCalls += 1;
        return model();
      },
    },
    media: {
      async putWebp(key) {
        if (options.storageFails) throw new Error('connect ECONNREFUSED');
        uploads.push(key);
      },
      publicUrl: (key) => `https://media.example/${key}`,
    },
    queueMaxAttempts: 5,
    modelRetryAfterSeconds: 7,
    render: fakeRender,
  };
  return { deps, jobs, uploads, modelCalls: () => modelCalls };
}

const images = (n: number): GeneratedImages => ({
  images: Array.from({ length: n }, () => Buffer.from('png')),
  promptBlockedReason: null,
  filteredReasons: [],
});

describe('one image task delivery', () => {
  it('succeeds with every output uploaded under the job-derived keys', async () => {
    const { deps, jobs, uploads } = setup(async () => images(2));
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 200, outcome: 'succeeded' });
    expect(jobs.successes[0]!.map((o) => o.postId)).toEqual(['j1_0', 'j1_1']);
    expect(uploads.sort()).toEqual([
      'images/u1/img_j1_0.webp',
      'images/u1/img_j1_0_thumb.webp',
      'images/u1/img_j1_1.webp',
      'images/u1/img_j1_1_thumb.webp',
    ]);
  });

  it('answers 2xx and calls nothing for a job that already ended', async () => {
    const { deps, jobs, modelCalls } = setup(async () => images(2));
    jobs.claimResult = { kind: 'finished', status: 'succeeded' };
    expect(await handleImageTask(deps, { jobId: 'j1', retryCount: 3 })).toMatchObject({
      httpStatus: 200,
      outcome: 'skipped',
    });
    expect(modelCalls()).toBe(0);
  });

  it('backs a twin delivery off with 429 until the lease runs out', async () => {
    const { deps, jobs, modelCalls } = setup(async () => images(2));
    jobs.claimResult = { kind: 'busy', retryAfterMs: 12_300 };
    expect(await handleImageTask(deps, { jobId: 'j1', retryCount: 0 })).toMatchObject({
      httpStatus: 429,
      retryAfterSeconds: 13,
    });
    expect(modelCalls()).toBe(0);
  });

  it('answers 404 for a job that does not exist', async () => {
    const { deps, jobs } = setup(async () => images(1));
    jobs.claimResult = { kind: 'missing' };
    expect((await handleImageTask(deps, { jobId: 'nope', retryCount: 0 })).httpStatus).toBe(404);
  });

  it.each([429, 500, 503, undefined])(
    'asks for a retry on model %s and gives the lease back',
    async (status) => {
      const { deps, jobs } = setup(async () => {
        throw new ModelCallError(status, 'busy');
      });
      const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 3 });
      expect(outcome).toMatchObject({ httpStatus: 503, retryAfterSeconds: 7, outcome: 'retry' });
      expect(jobs.releases).toEqual(['j1']);
      expect(jobs.failures).toEqual([]);
    },
  );

  it('fails the job as model_unavailable when the last attempt meets a busy model', async () => {
    const { deps, jobs } = setup(async () => {
      throw new ModelCallError(500, 'Internal error encountered.');
    });
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 4 });
    expect(outcome).toMatchObject({ httpStatus: 200, outcome: 'failed' });
    expect(jobs.failures).toEqual([
      { code: 'model_unavailable', message: errorCodes.model_unavailable.message },
    ]);
    expect(jobs.releases).toEqual([]);
  });

  it('fails a blocked Imagen prompt at once as safety_blocked', async () => {
    const { deps, jobs } = setup(async () => {
      throw new ModelCallError(
        400,
        'The prompt could not be submitted. This prompt contains sensitive words.',
      );
    });
    expect((await handleImageTask(deps, { jobId: 'j1', retryCount: 0 })).httpStatus).toBe(200);
    expect(jobs.failures).toEqual([{ code: 'safety_blocked', message: errorCodes.safety_blocked.message }]);
  });

  it('fails a blocked Gemini prompt (a 200 with a block reason) as safety_blocked', async () => {
    const { deps, jobs } = setup(async () => ({ ...images(0), promptBlockedReason: 'PROHIBITED_CONTENT' }));
    await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(jobs.failures).toEqual([{ code: 'safety_blocked', message: errorCodes.safety_blocked.message }]);
  });

  it('fails with its own message when the output filter removed every image', async () => {
    const { deps, jobs } = setup(async () => ({ ...images(0), filteredReasons: ['IMAGE_SAFETY'] }));
    await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(jobs.failures).toEqual([{ code: 'safety_blocked', message: allOutputsFilteredMessage }]);
  });

  it('retries a storage failure with 500 while attempts remain', async () => {
    const { deps, jobs } = setup(async () => images(1), { storageFails: true });
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 500, outcome: 'retry' });
    expect(outcome.retryAfterSeconds).toBeUndefined();
    expect(jobs.releases).toEqual(['j1']);
    expect(jobs.successes).toEqual([]);
  });

  it('fails and refunds as internal when storage fails on the last attempt', async () => {
    const { deps, jobs } = setup(async () => images(1), { storageFails: true });
    expect((await handleImageTask(deps, { jobId: 'j1', retryCount: 4 })).httpStatus).toBe(200);
    expect(jobs.failures).toEqual([{ code: 'internal', message: errorCodes.internal.message }]);
  });

  it('asks for another try, lease released, when recording a failure itself fails', async () => {
    const { deps, jobs } = setup(async () => {
      throw new ModelCallError(
        400,
        'The prompt could not be submitted. This prompt contains sensitive words.',
      );
    });
    jobs.failThrows = true;
    const outcome = await handleImageTask(deps, { jobId: 'j1', retryCount: 0 });
    expect(outcome).toMatchObject({ httpStatus: 500, outcome: 'retry' });
    expect(jobs.releases).toEqual(['j1']);
  });

  it('answers 2xx without claiming success when another delivery ended the job first', async () => {
    const { deps, jobs } = setup(async () => images(2));
    jobs.endResult = { written: false, status: 'succeeded' };
    expect(await handleImageTask(deps, { jobId: 'j1', retryCount: 0 })).toMatchObject({
      httpStatus: 200,
      outcome: 'superseded',
    });
  });

  it('never treats an unlimited queue as on its last attempt', async () => {
    const { deps, jobs } = setup(async () => {
      throw new ModelCallError(429, 'Resource exhausted');
    });
    deps.queueMaxAttempts = -1;
    expect((await handleImageTask(deps, { jobId: 'j1', retryCount: 1000 })).httpStatus).toBe(503);
    expect(jobs.failures).toEqual([]);
  });
});
