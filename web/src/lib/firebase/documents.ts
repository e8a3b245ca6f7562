/**
 * Firestore documents as the pages hold them: plain objects with times as
 * epoch milliseconds, so components never see SDK classes and `{#each}` keys
 * and sorting are simple. Pure: the input is what `snapshot.data()` returns.
 */
import {
  imageRequestDefaults,
  videoRequestDefaults,
  type ImageJobDoc,
  type PostDoc,
  type TimeLike,
  type VideoJobDoc,
} from '@phoenix/core';
import type { JobView as PresentedJob } from '../jobs/job-presentation.ts';
import type { DraftView } from '../video/draft-presentation.ts';

/** A job as the page holds it; `degradedFrom` is the asked model when a nearly spent budget ran a cheaper one. */
export type JobView = PresentedJob & { degradedFrom: string | null };

/**
 * A feed post, ready to render: the document's public fields, its id, and its
 * time in ms. A video post carries its poster in the image fields and its
 * MP4 in `video`, which is null on an image post.
 */
export type PostView = Omit<PostDoc, 'jobId' | 'createdAt' | 'video'> & {
  id: string;
  video: NonNullable<PostDoc['video']> | null;
  createdAtMs: number;
};

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
  // A video post without its MP4 can still show its poster, as an image.
  const video = data.kind === 'video' && data.video ? data.video : null;
  return {
    id,
    kind: video ? 'video' : 'image',
    video: video
      ? { videoUrl: video.videoUrl, durationSeconds: video.durationSeconds, bytes: video.bytes }
      : null,
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

export function toJobView(id: string, data: ImageJobDoc): JobView {
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

/** A video job as the drafts page holds it; see `DraftView`. */
export function toDraftView(id: string, data: VideoJobDoc): DraftView {
  return {
    id,
    status: data.status,
    phase: data.phase ?? null,
    progress: data.progress ?? null,
    updatedAtMs: millisOrNull(data.updatedAt),
    // Filled in as the server reads a field left out: a retry asks for the same video.
    params: { ...videoRequestDefaults, ...data.params },
    cost: { tokens: data.cost?.tokens ?? 0, tokensRefunded: data.cost?.tokensRefunded ?? 0 },
    error: data.error ?? null,
    output: data.outputs?.[0] ?? null,
    publishedPostId: data.publishedPostId ?? null,
    sourceImage: data.sourceImage ?? null,
    discarded: Boolean(data.discardedAt),
    createdAtMs: millis(data.createdAt),
    startedAtMs: millisOrNull(data.startedAt),
  };
}
