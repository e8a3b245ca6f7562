import { z } from 'zod';

/**
 * The video worker's Cloud Run sizing, as cloudbuild.yaml deploys it: one
 * request at a time (ffmpeg uses both CPUs), at most 10 instances, one kept
 * warm so a video never waits for a cold start.
 */
export const videoWorker = {
  concurrency: 1,
  maxInstances: 10,
  minInstances: 1,
  cpu: 2,
  memoryGiB: 4,
} as const;

/**
 * Each delivery does one short step (submit, one poll, or finish) and never
 * waits for Veo: a poll answers in well under a minute, and the finish
 * (download, remux, poster, two uploads) of an 8 s 1080p video in a few.
 */
export const videoStepBudgetMs = 4 * 60_000;

/** Cloud Run's request timeout for the video worker, in seconds: one step and slack for the HTTP exchange. */
export const videoWorkerTimeoutSeconds = Math.ceil(videoStepBudgetMs / 1000) + 60;

/**
 * The `videos` queue, as created locally and configured in deploy. It
 * dispatches no more than the workers take at once, so tasks wait in the
 * queue (free) rather than spending attempts on 429s, and no faster than
 * Veo's quota of 50 requests a minute allows for submits and polls together.
 */
export const videoQueue = {
  name: 'videos',
  maxAttempts: 8,
  minBackoffSeconds: 5,
  maxBackoffSeconds: 120,
  maxDoublings: 4,
  maxConcurrentDispatches: videoWorker.concurrency * videoWorker.maxInstances,
  maxDispatchesPerSecond: 0.8,
  dispatchDeadlineSeconds: videoWorkerTimeoutSeconds,
} as const;

/** Veo's documented latency: 11 s to 6 minutes, 2–5 typical. */
export const veoLatency = { minMs: 11_000, maxMs: 6 * 60_000, typicalMs: 3 * 60_000 } as const;

/**
 * How long a video job may stay unfinished before the sweeper fails and
 * refunds it: Veo's longest run, every attempt's backoff, and a few polls
 * of slack. Past it, an operation that cannot be resumed never will be.
 */
export const videoJobDeadlineMs =
  veoLatency.maxMs * 2 + videoQueue.maxAttempts * videoQueue.maxBackoffSeconds * 1000;

/**
 * A task body: the job, and which poll this is (absent for the first
 * delivery, which submits). Each poll is a named task of its own, so a
 * redelivered poll enqueues the same next poll and never a second chain.
 */
export const videoTaskBodySchema = z
  .object({
    jobId: z.string().min(1).max(128),
    poll: z.number().int().min(1).max(10_000).optional(),
    /** A discarded draft: delete its media. */
    purge: z.literal(true).optional(),
  })
  .strict();
export type VideoTaskBody = z.output<typeof videoTaskBodySchema>;

export function videoTaskId(jobId: string, step: { poll?: number; purge?: true } = {}): string {
  const safe = jobId.replace(/[^A-Za-z0-9_-]/g, '_');
  if (step.purge) return `video-${safe}-purge`;
  return step.poll === undefined ? `video-${safe}` : `video-${safe}-poll-${step.poll}`;
}

/**
 * Poll spacing: soon after submit (Veo can finish in 11 s), then at least
 * `every` and at most `most` seconds apart. A 3-minute video is then polled
 * about 7 times, so Veo's 50 requests a minute follow about 7 videos a
 * minute, the worker pool's own capacity, and a finished one is seen at most
 * `most` seconds late.
 */
export const videoPollSeconds = { first: 10, every: 15, most: 30 } as const;

/**
 * Seconds until the next poll: {@link videoPollSeconds.first} after submit,
 * then half the time the ETA still expects (`totalMs` is the expected whole
 * run), kept within `every` and `most`.
 */
export function nextPollDelaySeconds(poll: number, elapsedMs: number, totalMs: number | null): number {
  if (poll <= 1) return videoPollSeconds.first;
  const halfTheRest = totalMs === null ? 0 : Math.floor((totalMs - elapsedMs) / 2000);
  return Math.max(videoPollSeconds.every, Math.min(halfTheRest, videoPollSeconds.most));
}
