import { describe, expect, it } from 'vitest';
import { PhoenixError } from './errors.ts';
import { imageModels, offeredImageModels } from './models.ts';
import { assertAffordable, quoteImageJob, STARTING_GRANT_TOKENS } from './pricing.ts';

describe('quoteImageJob', () => {
  it('quotes tokens and micro-USD per output at the asked size, times count', () => {
    expect(quoteImageJob({ model: 'gemini-3.1-flash-image', count: 2, imageSize: '1K' })).toEqual({
      tokens: 4,
      microUsd: 134_000,
    });
    expect(quoteImageJob({ model: 'gemini-2.5-flash-image', count: 3, imageSize: '1K' })).toEqual({
      tokens: 3,
      microUsd: 117_000,
    });
  });

  it('prices by size: a 4K job costs more than the same 2K job, which costs more than 1K', () => {
    const at = (imageSize: '1K' | '2K' | '4K') =>
      quoteImageJob({ model: 'gemini-3.1-flash-image', count: 4, imageSize });
    expect(at('1K')).toEqual({ tokens: 8, microUsd: 268_000 });
    expect(at('2K')).toEqual({ tokens: 12, microUsd: 404_000 });
    expect(at('4K')).toEqual({ tokens: 20, microUsd: 604_000 });
  });

  it('keeps micro-USD whole, free of float dust', () => {
    for (const model of offeredImageModels())
      for (const imageSize of model.imageSizes)
        for (const count of [1, 2, 3, 4]) {
          const quote = quoteImageJob({ model: model.id, count, imageSize });
          expect(Number.isInteger(quote.microUsd)).toBe(true);
          expect(Number.isInteger(quote.tokens)).toBe(true);
        }
  });

  it.each([
    ['an unknown model', { model: 'nope', count: 1, imageSize: '1K' }],
    ['a retired Imagen model', { model: 'imagen-4.0-generate-001', count: 1, imageSize: '1K' }],
    ['a size the model does not make', { model: 'gemini-2.5-flash-image', count: 1, imageSize: '2K' }],
  ] as const)('refuses %s with model_unavailable', (_label, request) => {
    expect(() => quoteImageJob(request as never)).toThrow(
      expect.objectContaining({ code: 'model_unavailable' }),
    );
  });

  it('refuses a model an admin turned off', () => {
    const model = imageModels.find((entry) => entry.id === 'gemini-3-pro-image-preview')!;
    const mutable = model as { enabled: boolean };
    expect(quoteImageJob({ model: model.id, count: 1, imageSize: '1K' }).tokens).toBe(4);
    mutable.enabled = false;
    try {
      expect(() => quoteImageJob({ model: model.id, count: 1, imageSize: '1K' })).toThrow(
        expect.objectContaining({ code: 'model_unavailable' }),
      );
    } finally {
      mutable.enabled = true;
    }
  });
});

describe('assertAffordable', () => {
  it('lets a balance equal to the price through and refuses one token less', () => {
    expect(() => assertAffordable(2, { tokens: 2, microUsd: 0 })).not.toThrow();
    expect(() => assertAffordable(1, { tokens: 2, microUsd: 0 })).toThrow(PhoenixError);
    expect(() => assertAffordable(1, { tokens: 2, microUsd: 0 })).toThrow(
      'This needs 2 tokens and you have 1.',
    );
  });
});

describe('STARTING_GRANT_TOKENS', () => {
  it('buys the priciest job any offered model makes (4 variations at its largest size)', () => {
    const priciest = Math.max(
      ...offeredImageModels().flatMap((model) =>
        model.imageSizes.map((imageSize) => quoteImageJob({ model: model.id, count: 4, imageSize }).tokens),
      ),
    );
    expect(priciest).toBe(28);
    expect(STARTING_GRANT_TOKENS).toBeGreaterThanOrEqual(priciest);
  });
});
