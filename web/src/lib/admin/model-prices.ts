/**
 * Model prices as the Models tab edits them: tokens as a whole number and
 * Vertex's price in US dollars, sent as whole micro-dollars. Checked with
 * core's `updateModelRequestSchema`, so the form refuses what the server
 * would. Pure.
 */
import { updateModelRequestSchema, type ImageModelId, type ImageSize, type OutputPrice } from '@phoenix/core';

/** `0.067` from 67,000 micro-USD: up to six decimals, no trailing zeros. */
export function usdText(microUsd: number): string {
  return String(Number((microUsd / 1_000_000).toFixed(6)));
}

export type PriceDraft =
  { ok: true; price: OutputPrice } | { ok: false; field: 'tokens' | 'usd'; message: string };

/** One size's price from its two inputs, or which input is wrong and why. */
export function priceDraft(modelId: ImageModelId, size: ImageSize, tokens: string, usd: string): PriceDraft {
  const tokensValue = Number(tokens.trim());
  if (tokens.trim() === '' || !Number.isFinite(tokensValue)) {
    return { ok: false, field: 'tokens', message: 'Type the tokens per image.' };
  }
  const usdValue = Number(usd.trim().replace(/^\$/, ''));
  if (usd.trim() === '' || !Number.isFinite(usdValue)) {
    return { ok: false, field: 'usd', message: 'Type the US dollars per image, e.g. 0.067.' };
  }
  const price = { tokensPerOutput: tokensValue, microUsdPerOutput: Math.round(usdValue * 1_000_000) };
  const parsed = updateModelRequestSchema.safeParse({ id: modelId, prices: { [size]: price } });
  if (parsed.success) return { ok: true, price };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, field: 'usd', message: 'Check this price.' };
  const field = issue.path.includes('tokensPerOutput') ? 'tokens' : 'usd';
  // The schema's unit is micro-dollars; the field's is dollars.
  const message =
    field === 'usd' && issue.path.includes('microUsdPerOutput')
      ? 'Type a price from $0 to $100 per image.'
      : issue.message.replace(/^tokensPerOutput /, 'Tokens ');
  return { ok: false, field, message };
}
