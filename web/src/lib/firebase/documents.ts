/**
 * Firestore documents as the pages hold them: plain objects with times as
 * epoch milliseconds, so components never see SDK classes and `{#each}` keys
 * and sorting are simple. Pure: the input is what `snapshot.data()` returns.
 */
import { imageRequestDefaults, type JobDoc, type PostDoc, type TimeLike } from '@phoenix/core';
import type { JobView as PresentedJob } from '../jobs/job-presentation.ts';

/** A job as the page holds it; `degradedFrom` is the asked model when a nearly spent budget ran a cheaper one. */
export type JobView = PresentedJob & { degradedFrom: string | null };

/** A feed post, ready to render: the document's public fields, its id, and its time in ms. */
export type PostView = Omit<PostDoc, 'kind' | 'jobId' | 'createdAt'> & { id: string; createdAtMs: number };

/**
 * A server timestamp in ms. Reads use `serverTimestamps: 'estimate'`, so a
 * missing time only happens for malformed data; it sorts as "now" rather
 * than throwing the whole list away.
 */
export function millis(time: TimeLike | null | undefined, fallback = Date.now()): number {
  return time && typeof time.toMillis === 'function' ? time.toMillis() : fallback;
}

function millisOrNull(time: TimeLike | null | undefined): number | null {
  return time && typeof time.toMillis === 'function' ? time.toMillis() : null;
}

export function toPostView(id: string, data: PostDoc): PostView {
  return {
    id,
    ownerUid: data.ownerUid,
    prompt: data.prompt,
    negativePrompt: data.negativePrompt ?? null,
    aspectRatio: data.aspectRatio,
    model: data.model,
    seed: data.seed ?? null,
    enhancePrompt: data.enhancePrompt === true,
    imageUrl: data.imageUrl,
    thumbUrl: data.thumbUrl || data.imageUrl,
    width: data.width,
    height: data.height,
    placeholder: data.placeholder ?? '',
    dominantColor: data.dominantColor || 'var(--skeleton-base)',
    // Posts made before sizes existed were all made at the default size.
    imageSize: data.imageSize ?? imageRequestDefaults.imageSize,
    likeCount: data.likeCount ?? 0,
    // Posts made before visibility existed carry no flag and are public.
    hidden: data.hidden === true,
    hiddenReason: data.hidden === true ? (data.hiddenReason ?? 'owner') : null,
    remixOf:
      data.remixOf && typeof data.remixOf.postId === 'string' && typeof data.remixOf.ownerUid === 'string'
        ? { postId: data.remixOf.postId, ownerUid: data.remixOf.ownerUid }
        : null,
    createdAtMs: millis(data.createdAt),
  };
}

export function toJobView(id: string, data: JobDoc): JobView {
  return {
    id,
    status: data.status,
    params: {
      prompt: data.params.prompt,
      count: data.params.count,
      model: data.params.model,
      aspectRatio: data.params.aspectRatio,
    },
    cost: {
      tokens: data.cost?.tokens ?? 0,
      tokensRefunded: data.cost?.tokensRefunded ?? 0,
      tokensSettled: data.cost?.tokensSettled ?? null,
    },
    error: data.error ?? null,
    outputs: data.outputs ?? [],
    filteredCount: data.filteredCount ?? 0,
    processingTimeMs: data.processingTimeMs ?? null,
    createdAtMs: millis(data.createdAt),
    startedAtMs: millisOrNull(data.startedAt),
    finishedAtMs: millisOrNull(data.finishedAt),
    degradedFrom: typeof data.degradedFrom === 'string' ? data.degradedFrom : null,
  };
}
