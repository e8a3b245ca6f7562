import { describe, expect, it } from 'vitest';
import { PhoenixError } from './errors.ts';
import { imageModels } from './models.ts';
import { assertAffordable, quoteImageJob, settleImageJob, STARTING_GRANT_TOKENS } from './pricing.ts';

describe('pricing', () => {
  it('quotes tokens and USD per output times count', () => {
    expect(quoteImageJob('gemini-2.5-flash-image', 2)).toEqual({ tokens: 2, usd: 0.078 });
    expect(quoteImageJob('imagen-4.0-ultra-generate-001', 4)).toEqual({ tokens: 12, usd: 0.24 });
  });

  it('keeps USD free of float dust', () => {
    expect(quoteImageJob('imagen-4.0-fast-generate-001', 3).usd).toBe(0.06);
  });

  it('refuses an unknown model with model_unavailable', () => {
    expect(() => quoteImageJob('nope', 1)).toThrow(expect.objectContaining({ code: 'model_unavailable' }));
  });

  it('charges only for delivered outputs and refunds the rest', () => {
    expect(settleImageJob('imagen-4.0-generate-001', 4, 2)).toEqual({
      charged: { tokens: 4, usd: 0.08 },
      refundTokens: 4,
    });
    expect(settleImageJob('gemini-2.5-flash-image', 2, 2).refundTokens).toBe(0);
  });

  it('settles a job whose model was turned off after it was accepted', async () => {
    const { imageModels: catalogue } = await import('./models.ts');
    const model = catalogue.find((entry) => entry.id === 'imagen-4.0-generate-001')!;
    const mutable = model as { enabled: boolean };
    mutable.enabled = false;
    try {
      expect(() => quoteImageJob(model.id, 1)).toThrow(
        expect.objectContaining({ code: 'model_unavailable' }),
      );
      expect(settleImageJob(model.id, 2, 1).refundTokens).toBe(2);
    } finally {
      mutable.enabled = true;
    }
  });

  it('never charges for more outputs than were asked for', () => {
    expect(settleImageJob('gemini-2.5-flash-image', 2, 3)).toEqual({
      charged: { tokens: 2, usd: 0.078 },
      refundTokens: 0,
    });
  });

  it('lets a balance equal to the price through and refuses one token less', () => {
    expect(() => assertAffordable(2, { tokens: 2, usd: 0 })).not.toThrow();
    expect(() => assertAffordable(1, { tokens: 2, usd: 0 })).toThrow(PhoenixError);
    expect(() => assertAffordable(1, { tokens: 2, usd: 0 })).toThrow('This needs 2 tokens and you have 1.');
  });

  it('grants enough to try every model at least once', () => {
    const priciest = Math.max(...imageModels.map((model) => model.tokensPerOutput * 4));
    expect(STARTING_GRANT_TOKENS).toBeGreaterThanOrEqual(priciest);
  });
});
