import { describe, expect, it } from 'vitest';
import { parseRequest, type PhoenixError } from './errors.ts';
import { aspectRatios, imageRequestDefaults, imageRequestSchema } from './image-request.ts';
import { offeredImageModels } from './models.ts';

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
      model: 'gemini-3.1-flash-image',
      enhancePrompt: true,
      imageSize: '1K',
    });
  });

  it('needs only a prompt: every field left out takes its documented default', () => {
    expect(imageRequestSchema.parse({ prompt: 'a fox' })).toEqual({
      prompt: 'a fox',
      ...imageRequestDefaults,
    });
    expect(imageRequestDefaults).toEqual({
      aspectRatio: '1:1',
      count: 2,
      model: 'gemini-3.1-flash-image',
      enhancePrompt: true,
      imageSize: '1K',
    });
  });

  it('takes each field given over its default', () => {
    const asked = {
      prompt: 'a fox',
      aspectRatio: '21:9',
      count: 4,
      model: 'gemini-3-pro-image-preview',
      enhancePrompt: false,
      imageSize: '4K',
      seed: 9,
    };
    expect(imageRequestSchema.parse(asked)).toEqual(asked);
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
    ['image size 8K', { imageSize: '8K' }, 'imageSize'],
    ['image size "1k"', { imageSize: '1k' }, 'imageSize'],
    [
      'a 2K image from Gemini 2.5 Flash Image',
      { model: 'gemini-2.5-flash-image', imageSize: '2K' },
      'imageSize',
    ],
    ['a null prompt', { prompt: null }, 'prompt'],
    ['a prompt with half an emoji', { prompt: 'a fox \uD83D' }, 'prompt'],
    ['a negative prompt with a lone surrogate', { negativePrompt: '\uDC00' }, 'negativePrompt'],
    ['enhancePrompt "yes"', { enhancePrompt: 'yes' }, 'enhancePrompt'],
  ])('refuses %s, naming the field', (_label, change, field) => {
    expect(fieldOf({ ...valid, ...change })).toBe(field);
  });

  it('refuses an unknown field instead of ignoring it', () => {
    expect(() => parseRequest(imageRequestSchema, { ...valid, style: 'noir' })).toThrow(/style/);
  });

  it('refuses a request without a prompt, the one required field', () => {
    const { prompt: _dropped, ...rest } = valid;
    expect(fieldOf(rest)).toBe('prompt');
  });

  it('leaves whether a model takes new work to the live catalogue: a retired id parses', () => {
    // An admin may re-enable a retired model, so the schema knows only the ids;
    // quoteImageJob refuses a retired or turned-off model (pricing.quote.test.ts).
    expect(imageRequestSchema.parse({ prompt: 'a fox', model: 'imagen-4.0-fast-generate-001' }).model).toBe(
      'imagen-4.0-fast-generate-001',
    );
  });

  it('says which sizes a model makes when asked for another', () => {
    expect(() =>
      parseRequest(imageRequestSchema, { prompt: 'a fox', model: 'gemini-2.5-flash-image', imageSize: '4K' }),
    ).toThrow('imageSize: Gemini 2.5 Flash Image makes 1K images only.');
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

  it('accepts every aspect ratio and size each offered model makes', () => {
    for (const model of offeredImageModels())
      for (const aspectRatio of model.aspectRatios)
        for (const imageSize of model.imageSizes) {
          const asked = { ...valid, model: model.id, aspectRatio, imageSize };
          expect(imageRequestSchema.safeParse(asked).success).toBe(true);
        }
    expect(aspectRatios).toEqual(['1:1', '3:2', '2:3', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9']);
  });
});
