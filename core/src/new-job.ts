import type { JobDoc, RemixSource, VideoJobDoc } from './documents.ts';
import type { ImageRequest } from './image-request.ts';
import type { Quote } from './pricing.ts';
import type { VideoRequest } from './video-request.ts';

/** What every freshly accepted job starts with, whatever its kind: queued, its quote debited, nothing settled. */
function newJobBase<Time>(uid: string, quote: Quote, now: Time) {
  return {
    uid,
    status: 'queued' as const,
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
    filteredCount: 0,
    processingTimeMs: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  };
}

/**
 * A freshly accepted image job. `now` is whatever the writer stamps times
 * with (a server timestamp); `remixOf` the public post it remixes, if any.
 */
export function newImageJob<Time>(
  uid: string,
  params: ImageRequest,
  quote: Quote,
  now: Time,
  remixOf: RemixSource | null = null,
): JobDoc<Time> {
  return {
    ...newJobBase(uid, quote, now),
    kind: 'image',
    params: withoutUndefined(params),
    outputRecords: {},
    outputs: [],
    remixOf,
  };
}

/** A freshly accepted video job: no Veo operation yet; `sourceImage` is its first frame, if any. */
export function newVideoJob<Time>(
  uid: string,
  params: VideoRequest,
  quote: Quote,
  now: Time,
  sourceImage: VideoJobDoc['sourceImage'] = null,
): VideoJobDoc<Time> {
  return {
    ...newJobBase(uid, quote, now),
    kind: 'video',
    params: withoutUndefined(params),
    phase: null,
    progress: null,
    operationName: null,
    submittedAtMs: null,
    sourceImage,
    outputs: [],
    publishedPostId: null,
  };
}

/** Firestore refuses `undefined` values; an optional field left out (or emptied) is simply absent. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
