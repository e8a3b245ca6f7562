import { describe, expect, it } from 'vitest';
import { priceDraft, usdText } from './model-prices.ts';

describe('model prices in the form', () => {
  it('shows micro-dollars as plain dollars', () => {
    expect(usdText(67_000)).toBe('0.067');
    expect(usdText(1_000_000)).toBe('1');
    expect(usdText(0)).toBe('0');
  });

  it('sends dollars as whole micro-dollars, even where floats do not land on one', () => {
    // 0.00102 × 1,000,000 is 1020.0000000000001 in floating point.
    expect(priceDraft('gemini-3.1-flash-image', '1K', '1', '0.00102')).toEqual({
      ok: true,
      price: { tokensPerOutput: 1, microUsdPerOutput: 1020 },
    });
    expect(priceDraft('gemini-3.1-flash-image', '1K', '3', '$0.0675')).toEqual({
      ok: true,
      price: { tokensPerOutput: 3, microUsdPerOutput: 67_500 },
    });
  });

  it('says which input is wrong, in its own unit', () => {
    expect(priceDraft('gemini-3.1-flash-image', '1K', '', '0.1')).toMatchObject({
      ok: false,
      field: 'tokens',
    });
    expect(priceDraft('gemini-3.1-flash-image', '1K', '0', '0.1')).toEqual({
      ok: false,
      field: 'tokens',
      message: 'Tokens must be at least 1.',
    });
    expect(priceDraft('gemini-3.1-flash-image', '1K', '2.5', '0.1')).toMatchObject({ field: 'tokens' });
    expect(priceDraft('gemini-3.1-flash-image', '1K', '2', '-1')).toEqual({
      ok: false,
      field: 'usd',
      message: 'Type a price from $0 to $100 per image.',
    });
    expect(priceDraft('gemini-3.1-flash-image', '1K', '2', 'cheap')).toMatchObject({ field: 'usd' });
  });
});
