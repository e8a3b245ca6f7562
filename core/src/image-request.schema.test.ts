import { describe, expect, it } from 'vitest';
import { parseRequest, type PhoenixError } from './errors.ts';
import { imageRequestDefaults, imageRequestSchema } from './image-request.ts';

const valid = { prompt: 'a red fox in snow', ...imageRequestDefaults };

function fieldOf(input: unknown): string | undefined {
  try {
    parseRequest(imageRequestSchema, input);
  } catch (error) {
    return (error as PhoenixError).field;
  }
  return undefined;
}

describe('imageRequestSchema', () => {
  it('accepts the form defaults with a prompt', () => {
    expect(imageRequestSchema.parse(valid)).toEqual({
      prompt: 'a red fox in snow',
      aspectRatio: '1:1',
      count: 2,
      model: 'gemini-2.5-flash-image',
      enhancePrompt: true,
    });
  });

  it('trims the prompt and accepts exactly 2000 characters', () => {
    expect(imageRequestSchema.parse({ ...valid, prompt: ` ${'p'.repeat(2000)} ` }).prompt).toHaveLength(2000);
  });

  it.each([
    ['an empty prompt', { prompt: '' }, 'prompt'],
    ['a prompt of spaces', { prompt: '   ' }, 'prompt'],
    ['a prompt of 2001 characters', { prompt: 'p'.repeat(2001) }, 'prompt'],
    ['a negative prompt of 1001 characters', { negativePrompt: 'n'.repeat(1001) }, 'negativePrompt'],
    ['aspect ratio 2:1', { aspectRatio: '2:1' }, 'aspectRatio'],
    ['count 0', { count: 0 }, 'count'],
    ['count 5', { count: 5 }, 'count'],
    ['count 1.5', { count: 1.5 }, 'count'],
    ['count "2"', { count: '2' }, 'count'],
    ['seed −1', { seed: -1 }, 'seed'],
    ['seed 2^32', { seed: 4_294_967_296 }, 'seed'],
    ['seed 0.5', { seed: 0.5 }, 'seed'],
    ['an unknown model', { model: 'dall-e' }, 'model'],
    ['enhancePrompt "yes"', { enhancePrompt: 'yes' }, 'enhancePrompt'],
  ])('refuses %s, naming the field', (_label, change, field) => {
    expect(fieldOf({ ...valid, ...change })).toBe(field);
  });

  it('refuses an unknown field instead of ignoring it', () => {
    expect(() => parseRequest(imageRequestSchema, { ...valid, style: 'noir' })).toThrow(/style/);
  });

  it('refuses a missing required field', () => {
    const { aspectRatio: _dropped, ...rest } = valid;
    expect(fieldOf(rest)).toBe('aspectRatio');
  });

  it('accepts the edges: count 1 and 4, seed 0 and 4294967295, 1000-character negative prompt', () => {
    for (const change of [
      { count: 1 },
      { count: 4 },
      { seed: 0 },
      { seed: 4_294_967_295 },
      { negativePrompt: 'n'.repeat(1000) },
    ]) {
      expect(imageRequestSchema.safeParse({ ...valid, ...change }).success).toBe(true);
    }
  });

  it('drops an empty negative prompt rather than storing ""', () => {
    expect(imageRequestSchema.parse({ ...valid, negativePrompt: '  ' }).negativePrompt).toBeUndefined();
  });

  it('accepts every aspect ratio the models support', () => {
    for (const aspectRatio of ['1:1', '3:4', '4:3', '9:16', '16:9']) {
      expect(imageRequestSchema.safeParse({ ...valid, aspectRatio }).success).toBe(true);
    }
  });
});
