import type { JobDoc, RemixSource } from './documents.ts';
import type { ImageRequest } from './image-request.ts';
import type { Quote } from './pricing.ts';

/**
 * A freshly accepted image job: queued, its quote debited, nothing settled.
 * `now` is whatever the writer stamps times with (a server timestamp);
 * `remixOf` the public post it remixes, if any.
 */
export function newImageJob<Time>(
  uid: string,
  params: ImageRequest,
  quote: Quote,
  now: Time,
  remixOf: RemixSource | null = null,
): JobDoc<Time> {
  return {
    uid,
    kind: 'image',
    status: 'queued',
    params: withoutUndefined(params),
    cost: {
      tokens: quote.tokens,
      reservedMicroUsd: quote.microUsd,
      tokensSettled: null,
      settledMicroUsd: null,
      tokensRefunded: 0,
    },
    attempts: 0,
    lease: null,
    finalDeliveryAt: null,
    error: null,
    outputRecords: {},
    outputs: [],
    filteredCount: 0,
    processingTimeMs: null,
    remixOf,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  };
}

/** Firestore refuses `undefined` values; an optional field left out (or emptied) is simply absent. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
