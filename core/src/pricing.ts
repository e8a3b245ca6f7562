import { PhoenixError } from './errors.ts';
import type { ImageRequest } from './image-request.ts';
import { baseCatalogue, catalogueModel, modelOfferProblem, type Catalogue } from './live-catalogue.ts';
import { outputPrice } from './models.ts';

/** Tokens a new account starts with, granted in the transaction that creates it. */
export const STARTING_GRANT_TOKENS = 50;

/** A job's price, fixed when it is accepted; settlement and refunds come only from it. */
export interface Quote {
  /** What the user is debited, in whole tokens. */
  tokens: number;
  /** What Vertex AI will bill for it, in integer micro-dollars (1 USD = 1,000,000). */
  microUsd: number;
}

/**
 * The price of a new job in `catalogue` (the live one, with an admin's
 * edits): its model's price per output at the asked size, times the count. A
 * model that is retired, turned off, or does not make that size takes no new
 * work, and the refusal names the model field.
 */
export function quoteImageJob(
  request: Pick<ImageRequest, 'model' | 'count' | 'imageSize'>,
  catalogue: Catalogue = baseCatalogue,
): Quote {
  const problem = modelOfferProblem(catalogue, request.model);
  if (problem) throw new PhoenixError('invalid_argument', `model: ${problem}`, 'model');
  const price = outputPrice(catalogueModel(catalogue, request.model)!, request.imageSize);
  if (!price) throw new PhoenixError('model_unavailable');
  return {
    tokens: price.tokensPerOutput * request.count,
    microUsd: price.microUsdPerOutput * request.count,
  };
}

/** What a short user can change, by kind of job. */
const cheaperBy = {
  image: 'Ask for fewer variations, a smaller size or a cheaper model.',
  video: 'Make it shorter, turn audio off or pick a cheaper model.',
} as const;

export function assertAffordable(
  balance: number,
  quote: Quote,
  kind: keyof typeof cheaperBy = 'image',
): void {
  if (balance < quote.tokens) {
    throw new PhoenixError(
      'insufficient_tokens',
      `This needs ${quote.tokens} tokens and you have ${balance}. ${cheaperBy[kind]}`,
    );
  }
}
