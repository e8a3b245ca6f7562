import type { ImageRequest } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  geminiEnhanceInstruction,
  geminiPromptText,
  geminiRequests,
  geminiSeed,
  imagenRequest,
} from './model-params.ts';

const base: ImageRequest = {
  prompt: 'a red fox in snow',
  aspectRatio: '16:9',
  count: 3,
  model: 'imagen-4.0-generate-001',
  enhancePrompt: false,
};

describe('Imagen parameters', () => {
  it('passes count, aspect ratio, enhancement and asks for filter reasons', () => {
    expect(imagenRequest(base)).toEqual({
      model: 'imagen-4.0-generate-001',
      prompt: 'a red fox in snow',
      config: { numberOfImages: 3, aspectRatio: '16:9', enhancePrompt: false, includeRaiReason: true },
    });
  });

  it('sends a seed only with the watermark off, and the negative prompt natively', () => {
    const { config } = imagenRequest({ ...base, seed: 42, negativePrompt: 'blurry', enhancePrompt: true });
    expect(config).toMatchObject({
      seed: 42,
      addWatermark: false,
      negativePrompt: 'blurry',
      enhancePrompt: true,
    });
  });

  it('leaves the watermark alone when there is no seed', () => {
    expect(imagenRequest(base).config).not.toHaveProperty('addWatermark');
    expect(imagenRequest(base).config).not.toHaveProperty('seed');
    expect(imagenRequest(base).config).not.toHaveProperty('negativePrompt');
  });
});

describe('Gemini image parameters', () => {
  const gemini: ImageRequest = { ...base, model: 'gemini-2.5-flash-image' };

  it('makes one call per variation, each asking for an image at the aspect ratio', () => {
    const requests = geminiRequests(gemini);
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request).toEqual({
        model: 'gemini-2.5-flash-image',
        contents: [{ role: 'user', parts: [{ text: 'a red fox in snow' }] }],
        config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '16:9' } },
      });
    }
  });

  it('gives each variation its own seed, derived from the request seed', () => {
    const seeds = geminiRequests({ ...gemini, seed: 7 }).map((request) => request.config?.seed);
    expect(seeds).toEqual([7, 8, 9]);
  });

  it('wraps seeds above the signed 32-bit range without collisions between variations', () => {
    expect(geminiSeed(2_147_483_647, 0)).toBe(2_147_483_647);
    expect(geminiSeed(2_147_483_647, 1)).toBe(-2_147_483_648);
    expect(geminiSeed(4_294_967_295, 0)).toBe(-1);
    const seeds = geminiRequests({ ...gemini, count: 4, seed: 4_294_967_294 }).map((r) => r.config?.seed);
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
