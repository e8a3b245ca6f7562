import { describe, expect, it } from 'vitest';
import { catalogueFrom } from './catalogue.ts';
import { PhoenixError } from './errors.ts';
import { imageModelById, offeredImageModels, type ImageModelId } from './models.ts';
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
          const quote = quoteImageJob({ model: model.id as ImageModelId, count, imageSize });
          expect(Number.isInteger(quote.microUsd)).toBe(true);
          expect(Number.isInteger(quote.tokens)).toBe(true);
        }
  });

  it.each([
    ['an unknown model', 'nope', 'model: Pick one of the listed models.'],
    [
      'a retired Imagen model',
      'imagen-4.0-generate-001',
      'model: Imagen 4 has been retired by Google and takes no new work. Pick one of the listed models.',
    ],
  ] as const)('refuses %s with invalid_argument naming model', (_label, model, message) => {
    expect(() => quoteImageJob({ model: model as never, count: 1, imageSize: '1K' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field: 'model', message }),
    );
  });

  it('refuses a size the model does not make with model_unavailable', () => {
    expect(() => quoteImageJob({ model: 'gemini-2.5-flash-image', count: 1, imageSize: '2K' })).toThrow(
      expect.objectContaining({ code: 'model_unavailable' }),
    );
  });

  it('refuses a model an admin turned off in the live catalogue, leaving the static one alone', () => {
    const request = { model: 'gemini-3-pro-image-preview', count: 1, imageSize: '1K' } as const;
    const turnedOff = catalogueFrom({ overrides: { 'gemini-3-pro-image-preview': { enabled: false } } });
    expect(() => quoteImageJob(request, turnedOff)).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        field: 'model',
        message: 'model: Gemini 3 Pro Image (preview) is turned off right now. Pick another model.',
      }),
    );
    expect(quoteImageJob(request).tokens).toBe(4);
    expect(imageModelById(request.model)?.enabled).toBe(true);
  });

  it('quotes a retired model an admin re-enabled, at the price the admin set', () => {
    const reenabled = catalogueFrom({
      overrides: {
        'imagen-4.0-fast-generate-001': {
          status: 'active',
          prices: { '1K': { tokensPerOutput: 2, microUsdPerOutput: 25_000 } },
        },
      },
    });
    expect(
      quoteImageJob({ model: 'imagen-4.0-fast-generate-001', count: 3, imageSize: '1K' }, reenabled),
    ).toEqual({
      tokens: 6,
      microUsd: 75_000,
    });
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

  it('suggests what the user can change for the kind of job', () => {
    expect(() => assertAffordable(1, { tokens: 2, microUsd: 0 })).toThrow(/fewer variations/);
    expect(() => assertAffordable(12, { tokens: 20, microUsd: 0 }, 'video')).toThrow(
      'This needs 20 tokens and you have 12. Make it shorter, turn audio off or pick a cheaper model.',
    );
  });
});

describe('STARTING_GRANT_TOKENS', () => {
  it('buys the priciest job any offered model makes (4 variations at its largest size)', () => {
    const priciest = Math.max(
      ...offeredImageModels().flatMap((model) =>
        model.imageSizes.map(
          (imageSize) => quoteImageJob({ model: model.id as ImageModelId, count: 4, imageSize }).tokens,
        ),
      ),
    );
    expect(priciest).toBe(28);
    expect(STARTING_GRANT_TOKENS).toBeGreaterThanOrEqual(priciest);
  });
});
