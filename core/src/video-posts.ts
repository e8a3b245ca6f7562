import type { PostDoc, VideoJobDoc } from './documents.ts';
import { PhoenixError } from './errors.ts';

/** Post ids of published videos derive from the job, so a second publish finds the first post. */
export function videoPostId(jobId: string): string {
  return `vid_${jobId}`;
}

/**
 * Whether `uid` may publish or discard this draft, and what is in the way.
 * Someone else's job reads as missing, so job ids cannot be probed.
 */
export function assertOwnFinishedVideo(
  job: Pick<VideoJobDoc<unknown>, 'uid' | 'kind' | 'status' | 'outputs' | 'discardedAt'> | undefined,
  uid: string,
): asserts job is Pick<VideoJobDoc<unknown>, 'uid' | 'kind' | 'status' | 'outputs' | 'discardedAt'> {
  if (!job || job.uid !== uid || job.kind !== 'video' || job.discardedAt) {
    throw new PhoenixError('not_found', 'jobId: There is no such video draft of yours.', 'jobId');
  }
  if (job.status !== 'succeeded' || job.outputs.length === 0) {
    throw new PhoenixError(
      'invalid_transition',
      'This video is not finished yet. Publish or discard it once it is done.',
    );
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
