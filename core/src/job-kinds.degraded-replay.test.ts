import { describe, expect, it } from 'vitest';
import { planAccept } from './job-kinds.ts';
import type { ImageRequest } from './image-request.ts';
import { newImageJob } from './new-job.ts';
import { timeAt } from './money.test-support.ts';

const asked: ImageRequest = {
  prompt: 'a fox',
  aspectRatio: '1:1',
  count: 2,
  model: 'gemini-3-pro-image-preview',
  enhancePrompt: true,
  imageSize: '1K',
};
/** The job the budget moved to the cheaper model, recording what was asked. */
const degraded = {
  ...newImageJob(
    'u1',
    { ...asked, model: 'gemini-2.5-flash-image' },
    { tokens: 2, microUsd: 78_000 },
    timeAt(0),
  ),
  degradedFrom: 'gemini-3-pro-image-preview',
};

describe('planAccept for a degraded job', () => {
  it('replays a retry of the request as asked, though the job runs on the cheaper model', () => {
    expect(planAccept('image', degraded, 'u1', asked)).toEqual({ kind: 'replay', status: 'queued' });
  });

  it('refuses the request id for a request naming the model the job was moved to', () => {
    expect(() => planAccept('image', degraded, 'u1', { ...asked, model: 'gemini-2.5-flash-image' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field: 'requestId' }),
    );
  });

  it('compares the other fields as ever', () => {
    expect(() => planAccept('image', degraded, 'u1', { ...asked, count: 3 })).toThrow(
      expect.objectContaining({ field: 'requestId' }),
    );
    expect(() => planAccept('image', degraded, 'u2', asked)).toThrow(
      expect.objectContaining({ field: 'requestId' }),
    );
  });

  it('compares a job that was not degraded by its own model', () => {
    const plain = { ...degraded, degradedFrom: null };
    expect(planAccept('image', plain, 'u1', { ...asked, model: 'gemini-2.5-flash-image' }).kind).toBe(
      'replay',
    );
    expect(() => planAccept('image', plain, 'u1', asked)).toThrow(
      expect.objectContaining({ field: 'requestId' }),
    );
  });
});
