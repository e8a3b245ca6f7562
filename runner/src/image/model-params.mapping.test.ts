import type { ImageRequest } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  geminiEnhanceInstruction,
  geminiPromptText,
  geminiRequest,
  geminiSeed,
  imagenRequest,
} from './model-params.ts';

const base: ImageRequest = {
  prompt: 'a red fox in snow',
  aspectRatio: '16:9',
  count: 3,
  model: 'imagen-4.0-generate-001',
  enhancePrompt: false,
  imageSize: '1K',
};

describe('Imagen parameters', () => {
  it('passes the missing count, aspect ratio, size, enhancement and asks for filter reasons', () => {
    expect(imagenRequest({ ...base, imageSize: '2K' }, 2)).toEqual({
      model: 'imagen-4.0-generate-001',
      prompt: 'a red fox in snow',
      config: {
        numberOfImages: 2,
        aspectRatio: '16:9',
        imageSize: '2K',
        enhancePrompt: false,
        includeRaiReason: true,
      },
    });
  });

  it('sends no size to a model that makes only 1K', () => {
    const fast = imagenRequest({ ...base, model: 'imagen-4.0-fast-generate-001' }, 1);
    expect(fast.config).not.toHaveProperty('imageSize');
  });

  it('sends a seed only with the watermark off, and the negative prompt natively', () => {
    const { config } = imagenRequest({ ...base, seed: 42, negativePrompt: 'blurry', enhancePrompt: true }, 3);
    expect(config).toMatchObject({
      seed: 42,
      addWatermark: false,
      negativePrompt: 'blurry',
      enhancePrompt: true,
    });
  });

  it('leaves the watermark alone when there is no seed', () => {
    expect(imagenRequest(base, 3).config).not.toHaveProperty('addWatermark');
    expect(imagenRequest(base, 3).config).not.toHaveProperty('seed');
    expect(imagenRequest(base, 3).config).not.toHaveProperty('negativePrompt');
  });
});

describe('Gemini image parameters', () => {
  const gemini: ImageRequest = { ...base, model: 'gemini-3.1-flash-image', imageSize: '2K' };

  it('asks one output for an image at the aspect ratio and size', () => {
    expect(geminiRequest(gemini, 0)).toEqual({
      model: 'gemini-3.1-flash-image',
      contents: [{ role: 'user', parts: [{ text: 'a red fox in snow' }] }],
      config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '16:9', imageSize: '2K' } },
    });
  });

  it('sends no size to Gemini 2.5 Flash Image, which makes 1K only', () => {
    const request = geminiRequest({ ...gemini, model: 'gemini-2.5-flash-image', imageSize: '1K' }, 0);
    expect(request.config?.imageConfig).toEqual({ aspectRatio: '16:9' });
  });

  it('gives each output its own seed, derived from the request seed and its index', () => {
    const seeds = [0, 1, 2].map((index) => geminiRequest({ ...gemini, seed: 7 }, index).config?.seed);
    expect(seeds).toEqual([7, 8, 9]);
    expect(geminiRequest({ ...gemini, seed: 7 }, 2).config?.seed).toBe(9);
    expect(geminiRequest(gemini, 1).config).not.toHaveProperty('seed');
  });

  it('wraps seeds above the signed 32-bit range without collisions between outputs', () => {
    expect(geminiSeed(2_147_483_647, 0)).toBe(2_147_483_647);
    expect(geminiSeed(2_147_483_647, 1)).toBe(-2_147_483_648);
    expect(geminiSeed(4_294_967_295, 0)).toBe(-1);
    const seeds = [0, 1, 2, 3].map(
      (index) => geminiRequest({ ...gemini, count: 4, seed: 4_294_967_294 }, index).config?.seed,
    );
    expect(new Set(seeds).size).toBe(4);
    for (const seed of seeds) {
      expect(seed).toBeGreaterThanOrEqual(-2_147_483_648);
      expect(seed).toBeLessThanOrEqual(2_147_483_647);
    }
  });

  it('sends the prompt verbatim without enhancement', () => {
    expect(geminiPromptText(gemini)).toBe('a red fox in snow');
  });

  it('follows the prompt with the enrichment instruction with enhancement on', () => {
    const text = geminiPromptText({ ...gemini, enhancePrompt: true });
    expect(text).toBe(`a red fox in snow\n\n${geminiEnhanceInstruction}`);
  });

  it('turns the negative prompt into an instruction at the end', () => {
    expect(geminiPromptText({ ...gemini, negativePrompt: 'text, watermark' })).toBe(
      'a red fox in snow\n\nAvoid: text, watermark',
    );
  });
});
