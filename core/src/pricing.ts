import { PhoenixError } from './errors.ts';
import { imageModelById } from './models.ts';

/** Tokens a new account starts with, granted in the transaction that creates it. */
export const STARTING_GRANT_TOKENS = 50;

export interface Quote {
  tokens: number;
  usd: number;
}

/** The price of a new job; a model that is turned off takes no new work. */
export function quoteImageJob(modelId: string, count: number): Quote {
  if (imageModelById(modelId)?.enabled !== true) throw new PhoenixError('model_unavailable');
  return priceImageOutputs(modelId, count);
}

/**
 * Catalogue price of outputs, enabled or not: a job accepted before its
 * model was turned off still settles at the price it was quoted.
 */
function priceImageOutputs(modelId: string, count: number): Quote {
  const model = imageModelById(modelId);
  if (!model) throw new PhoenixError('model_unavailable');
  return { tokens: model.tokensPerOutput * count, usd: roundUsd(model.usdPerOutput * count) };
}

/**
 * What a finished job costs when only `delivered` of `requested` outputs came
 * back: the user pays for what they got, and the rest is refunded.
 */
export function settleImageJob(
  modelId: string,
  requested: number,
  delivered: number,
): { charged: Quote; refundTokens: number } {
  const quoted = priceImageOutputs(modelId, requested);
  const charged = priceImageOutputs(modelId, Math.min(delivered, requested));
  return { charged, refundTokens: quoted.tokens - charged.tokens };
}

export function assertAffordable(balance: number, quote: Quote): void {
  if (balance < quote.tokens) {
    throw new PhoenixError(
      'insufficient_tokens',
      `This needs ${quote.tokens} tokens and you have ${balance}. Ask for fewer variations or a cheaper model.`,
    );
  }
}

/** Sub-cent floats add up wrongly; budgets work in micro-dollars rounded here. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}
