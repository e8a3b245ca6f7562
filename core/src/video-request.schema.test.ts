import { describe, expect, it } from 'vitest';
import { parseRequest, type PhoenixError } from './errors.ts';
import { createVideoJobRequestSchema, videoRequestSchema } from './video-request.ts';

const refusal = (data: unknown) => {
  try {
    parseRequest(createVideoJobRequestSchema, data);
  } catch (error) {
    return { code: (error as PhoenixError).code, field: (error as PhoenixError).field };
  }
  return null;
};

describe('the video request schema', () => {
  it('fills every default from a prompt alone', () => {
    expect(parseRequest(videoRequestSchema, { prompt: '  a fox at dawn ' })).toEqual({
      prompt: 'a fox at dawn',
      durationSeconds: 8,
      aspectRatio: '16:9',
      resolution: '720p',
      generateAudio: true,
      model: 'veo-3.1-fast-generate-001',
    });
  });

  it.each([
    ['no prompt', {}, 'prompt'],
    ['a 5 s video', { prompt: 'x', durationSeconds: 5 }, 'durationSeconds'],
    ['a square video', { prompt: 'x', aspectRatio: '1:1' }, 'aspectRatio'],
    ['4k', { prompt: 'x', resolution: '4k' }, 'resolution'],
    ['audio as text', { prompt: 'x', generateAudio: 'yes' }, 'generateAudio'],
    ['an image model', { prompt: 'x', model: 'gemini-3.1-flash-image' }, 'model'],
    ['a path as source', { prompt: 'x', sourcePostId: 'a/b' }, 'sourcePostId'],
    ['a reserved id as source', { prompt: 'x', sourcePostId: '__proto__' }, 'sourcePostId'],
    ['a prompt with half an emoji', { prompt: 'a fox \uD83D' }, 'prompt'],
    ['an unknown field', { prompt: 'x', count: 2 }, undefined],
  ])('refuses %s with invalid_argument', (_name, data, field) => {
    const answer = refusal(data);
    expect(answer?.code).toBe('invalid_argument');
    if (field) expect(answer?.field).toBe(field);
  });
});
