import type { ImageRequest } from '@phoenix/core';
import { ModelCallError, type OutputResult } from './generate.ts';
import type { ImageTaskDeps } from './handle-task.ts';
import { MemoryJobStore } from './memory-job-store.ts';
import type { RenderedImage } from './render.ts';

/** What the handler unit tests share: a job, a scripted generator, an in-memory store and media. */
export const params: ImageRequest = {
  prompt: 'a lantern in fog',
  aspectRatio: '1:1',
  imageSize: '1K',
  count: 4,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: false,
};

const fakeRender = async (): Promise<RenderedImage> => ({
  full: Buffer.from('full'),
  thumbnail: Buffer.from('thumb'),
  placeholder: 'data:image/webp;base64,AA==',
  dominantColor: '#000000',
  width: 1024,
  height: 1024,
});

/** One output's result without its index (which the fake generator adds). */
export type Scripted = OutputResult extends infer R
  ? R extends OutputResult
    ? Omit<R, 'index'>
    : never
  : never;

export type Script = (index: number, signal: AbortSignal) => Promise<Scripted> | Scripted;
export const image = (): Scripted => ({ kind: 'image', bytes: Buffer.from('png') });
export const failed = (status: number | undefined, message = 'busy'): Scripted => ({
  kind: 'failed',
  error: new ModelCallError(status, message),
});

/** A job `j1` in an in-memory store, a generator that follows `script` per output, and what they recorded. */
export function setup(script: Script, options: { storageFails?: boolean; count?: number } = {}) {
  const jobs = new MemoryJobStore();
  const job = jobs.add('j1', { params: { ...params, count: options.count ?? params.count } });
  const uploads: string[] = [];
  const modelCalls: number[] = [];
  const deps: ImageTaskDeps = {
    jobs,
    generator: {
      generate: (_params, indexes, { signal }) =>
        indexes.map(async (index) => {
          modelCalls.push(index);
          return { index, ...(await script(index, signal)) } as OutputResult;
        }),
    },
    media: {
      async put(key) {
        if (options.storageFails) throw new Error('connect ECONNREFUSED');
        uploads.push(key);
      },
      async remove() {},
      publicUrl: (key) => `https://media.example/${key}`,
    },
    queueMaxAttempts: 5,
    modelRetryAfterSeconds: 7,
    render: fakeRender,
  };
  return { deps, jobs, job, uploads, modelCalls };
}
