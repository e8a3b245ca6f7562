import { describe, expect, it } from 'vitest';
import { createImageJobRequestSchema } from './create-request.ts';
import { planAccept } from './job-kinds.ts';
import type { ImageJobDoc } from './documents.ts';
import type { ImageRequest } from './image-request.ts';
import { newImageJob } from './new-job.ts';
import { timeAt } from './money.test-support.ts';

const params: ImageRequest = {
  prompt: 'a fox',
  aspectRatio: '1:1',
  count: 2,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: true,
  imageSize: '1K',
};
const stored = (uid: string, asked: ImageRequest) =>
  newImageJob(uid, asked, { tokens: 4, microUsd: 134_000 }, timeAt(0)) as ImageJobDoc;

const refusedForRequestId = expect.objectContaining({ code: 'invalid_argument', field: 'requestId' });

describe('planAccept', () => {
  it('creates when nothing is stored under the request id', () => {
    expect(planAccept('image', undefined, 'u1', params)).toEqual({ kind: 'create' });
  });

  it('replays the stored job, with its status, when the same caller asks the same thing again', () => {
    expect(planAccept('image', { ...stored('u1', params), status: 'running' }, 'u1', { ...params })).toEqual({
      kind: 'replay',
      status: 'running',
    });
  });

  it('treats an optional field left undefined as the absent field it was stored as', () => {
    const job = stored('u1', { ...params, negativePrompt: undefined });
    expect(Object.keys(job.params)).not.toContain('negativePrompt');
    expect(planAccept('image', job, 'u1', { ...params, negativePrompt: undefined }).kind).toBe('replay');
  });

  it('replays a retry of a bare prompt, which takes the same defaults both times', () => {
    const first = createImageJobRequestSchema.parse({ prompt: 'a fox' });
    const retry = createImageJobRequestSchema.parse({ prompt: 'a fox' });
    expect(planAccept('image', stored('u1', first), 'u1', retry).kind).toBe('replay');
  });

  it('reads a job stored before imageSize existed as the 1K default it was made at', () => {
    const { imageSize: _absent, ...older } = params;
    const job = { ...stored('u1', params), params: older as ImageRequest };
    expect(planAccept('image', job, 'u1', params).kind).toBe('replay');
    expect(() => planAccept('image', job, 'u1', { ...params, imageSize: '2K' })).toThrow(refusedForRequestId);
  });

  it.each([
    ['another prompt', { prompt: 'a wolf' }],
    ['another size', { imageSize: '2K' as const }],
    ['another count', { count: 3 }],
    ['a seed added', { seed: 7 }],
    ['a negative prompt added', { negativePrompt: 'blur' }],
  ])('refuses the id reused with %s, naming requestId', (_label, change) => {
    expect(() => planAccept('image', stored('u1', params), 'u1', { ...params, ...change })).toThrow(
      refusedForRequestId,
    );
  });

  it("refuses another user's job under the same id rather than answering with it", () => {
    expect(() => planAccept('image', stored('u2', params), 'u1', params)).toThrow(refusedForRequestId);
  });
});

describe('createImageJobRequestSchema', () => {
  it('takes the image request with or without a request id', () => {
    expect(createImageJobRequestSchema.parse(params)).toEqual(params);
    const id = '0b6c1c4e-5d5e-4f55-9a5c-3f3a2b1c0d9e';
    expect(createImageJobRequestSchema.parse({ ...params, requestId: id }).requestId).toBe(id);
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'a'.repeat(65)],
    ['a slash, which would address another document', 'abcdefgh/ijklmnop'],
    ['not a string', 1234567890123456],
  ])('refuses a request id that is %s', (_label, requestId) => {
    const result = createImageJobRequestSchema.safeParse({ ...params, requestId });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['requestId']);
  });

  it('stays strict about fields it does not know', () => {
    expect(createImageJobRequestSchema.safeParse({ ...params, priority: 'high' }).success).toBe(false);
  });

  it('applies the defaults and the model check as the image request does', () => {
    expect(createImageJobRequestSchema.parse({ prompt: 'a fox' })).toEqual({
      ...params,
      prompt: 'a fox',
    });
    const result = createImageJobRequestSchema.safeParse({
      prompt: 'a fox',
      model: 'gemini-2.5-flash-image',
      imageSize: '2K',
    });
    expect(result.error?.issues[0]?.path).toEqual(['imageSize']);
  });
});
