import type { PostDoc, VideoJobDoc } from './documents.ts';
import { PhoenixError } from './errors.ts';
import { isTerminal } from './job-status.ts';

/** Post ids of published videos derive from the job, so a second publish finds the first post. */
export function videoPostId(jobId: string): string {
  return `vid_${jobId}`;
}

type DraftFields = Pick<VideoJobDoc<unknown>, 'uid' | 'kind' | 'status' | 'outputs' | 'discardedAt'> &
  Partial<Pick<VideoJobDoc<unknown>, 'publishedPostId'>>;

/**
 * Whether `uid` may publish this draft: their own, not discarded, and
 * finished with a video. Someone else's job reads as missing, so job ids
 * cannot be probed.
 */
export function assertOwnFinishedVideo(
  job: DraftFields | undefined,
  uid: string,
): asserts job is DraftFields {
  assertOwnDraft(job, uid);
  if (job.status !== 'succeeded' || job.outputs.length === 0) {
    throw new PhoenixError(
      'invalid_transition',
      'This video is not finished yet. Publish or discard it once it is done.',
    );
  }
}

/**
 * Whether `uid` may discard this draft, and whether media go with it: any
 * draft of theirs that has ended (a failed or canceled one too, which has no
 * media), unless it is published, when it is the post's now.
 */
export function planVideoDiscard(job: DraftFields | undefined, uid: string): { purgeMedia: boolean } {
  assertOwnDraft(job, uid);
  if (!isTerminal(job.status)) {
    throw new PhoenixError(
      'invalid_transition',
      'This video is still being made. Cancel it while it waits, or discard it once it is done.',
    );
  }
  if (job.publishedPostId) {
    throw new PhoenixError(
      'invalid_transition',
      'This video is published. Hide the post from your profile instead.',
    );
  }
  return { purgeMedia: job.outputs.length > 0 };
}

function assertOwnDraft(job: DraftFields | undefined, uid: string): asserts job is DraftFields {
  if (!job || job.uid !== uid || job.kind !== 'video' || job.discardedAt) {
    throw new PhoenixError('not_found', 'jobId: There is no such video draft of yours.', 'jobId');
  }
}

/** The public feed entry of a published video: its poster in the image fields, the MP4 beside them. */
export function videoPostFor<Time>(
  jobId: string,
  job: Pick<VideoJobDoc<unknown>, 'uid' | 'params' | 'outputs'>,
  now: Time,
): PostDoc<Time> {
  const output = job.outputs[0]!;
  return {
    kind: 'video',
    ownerUid: job.uid,
    jobId,
    prompt: job.params.prompt,
    negativePrompt: job.params.negativePrompt ?? null,
    aspectRatio: job.params.aspectRatio,
    model: job.params.model,
    seed: null,
    enhancePrompt: false,
    imageUrl: output.posterUrl,
    thumbUrl: output.thumbUrl,
    width: output.width,
    height: output.height,
    placeholder: output.placeholder,
    dominantColor: output.dominantColor,
    imageSize: '1K',
    video: { videoUrl: output.videoUrl, durationSeconds: output.durationSeconds, bytes: output.bytes },
    likeCount: 0,
    hidden: false,
    hiddenReason: null,
    remixOf: null,
    createdAt: now,
  };
}
