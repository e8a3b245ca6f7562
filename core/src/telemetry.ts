import type { TimeLike } from './documents.ts';
import { PhoenixError, type ErrorCode } from './errors.ts';
import { imageQueue } from './image-task.ts';
import type { JobKind } from './job-kinds.ts';
import type { JobStatus } from './job-status.ts';
import { videoPollSeconds, videoQueue } from './video-task.ts';

/**
 * The structured log lines production alerts are built on. The log-based
 * metrics in `monitoring/metrics` select lines by `event` and read fields by
 * name, so these shapes are a contract with those files; the deploy-config
 * test reads the field names from here.
 */
export const jobLogEvents = {
  accepted: 'job_accepted',
  refused: 'job_refused',
  ended: 'job_ended',
} as const;

/**
 * Codes that mean Phoenix let the caller down, not that the request or a
 * limit refused it: an accept refused with one counts against the error rate.
 */
export const serverFaultCodes: readonly ErrorCode[] = [
  'internal',
  'overloaded',
  'queue_unavailable',
  'model_unavailable',
  'timed_out',
];

export interface JobAcceptedFields {
  event: typeof jobLogEvents.accepted;
  kind: JobKind;
  outcome: 'accepted';
  /** From the accept's start to its answer, in whole ms. */
  acceptMs: number;
}

export interface JobRefusedFields {
  event: typeof jobLogEvents.refused;
  kind: JobKind;
  /** `error` when the code is a server fault (see {@link serverFaultCodes}), `refused` otherwise. */
  outcome: 'refused' | 'error';
  code: ErrorCode;
  acceptMs: number;
}

export function jobAcceptedFields(kind: JobKind, acceptMs: number): JobAcceptedFields {
  return { event: jobLogEvents.accepted, kind, outcome: 'accepted', acceptMs: wholeMs(acceptMs) };
}

/**
 * A refused accept. Anything but a PhoenixError is a bug, which the caller
 * hears as `internal` (see the functions' https-errors), so it counts as one.
 */
export function jobRefusedFields(kind: JobKind, error: unknown, acceptMs: number): JobRefusedFields {
  const code: ErrorCode = error instanceof PhoenixError ? error.code : 'internal';
  return {
    event: jobLogEvents.refused,
    kind,
    outcome: serverFaultCodes.includes(code) ? 'error' : 'refused',
    code,
    acceptMs: wholeMs(acceptMs),
  };
}

/**
 * When a job was created and first taken by a delivery, in epoch ms;
 * `startedAtMs` is null while no delivery has taken it.
 */
export interface JobStart {
  createdAtMs: number;
  startedAtMs: number | null;
}

export function readJobStart(job: { createdAt: TimeLike; startedAt: TimeLike | null }): JobStart {
  return { createdAtMs: job.createdAt.toMillis(), startedAtMs: job.startedAt?.toMillis() ?? null };
}

/**
 * The start of a job a delivery claimed at `claimedAtMs`, from what the claim
 * read. A claim reads the job before it writes `startedAt`, so a job it read
 * as never taken was started by that very claim.
 */
export function startAfterClaim(read: JobStart, claimedAtMs: number): JobStart {
  return { createdAtMs: read.createdAtMs, startedAtMs: read.startedAtMs ?? claimedAtMs };
}

export interface JobEndedFields {
  event: typeof jobLogEvents.ended;
  kind: JobKind;
  /**
   * Not `status`: the services' task log line already uses `status` for the
   * HTTP status it answered.
   */
  jobStatus: Extract<JobStatus, 'succeeded' | 'failed' | 'canceled'>;
  /** Created → ended: what the person waited, queue included. */
  pipelineMs: number;
  /** Created → first taken by a delivery; absent when that is not known. */
  queueMs?: number;
}

export function jobEndedFields(
  kind: JobKind,
  jobStatus: JobEndedFields['jobStatus'],
  start: JobStart,
  endedAtMs: number,
): JobEndedFields {
  const { createdAtMs, startedAtMs } = start;
  return {
    event: jobLogEvents.ended,
    kind,
    jobStatus,
    pipelineMs: wholeMs(endedAtMs - createdAtMs),
    ...(startedAtMs === null ? {} : { queueMs: wholeMs(startedAtMs - createdAtMs) }),
  };
}

/**
 * Queue depth past which tasks wait for capacity instead of being worked on;
 * the queue-depth alert fires when a queue stays past it for 10 minutes.
 *
 * `images`: a task is dispatched as soon as one of the queue's concurrent
 * dispatches (the image service's whole capacity) is free, so tasks beyond
 * that many are waiting for a slot.
 *
 * `videos`: each video in flight keeps exactly one task in the queue (its
 * submit, its next poll or its finish), due again at most
 * `videoPollSeconds.most` later; at its rate limit the queue keeps up with
 * `maxDispatchesPerSecond × most` videos at once. Beyond that, polls run late
 * and submits wait.
 */
export const queueDepthAlertThresholds = {
  [imageQueue.name]: imageQueue.maxConcurrentDispatches,
  [videoQueue.name]: Math.floor(videoQueue.maxDispatchesPerSecond * videoPollSeconds.most),
};

/** Whole, never negative: the job's times come from Firestore's clock, the end from the instance's. */
function wholeMs(ms: number): number {
  return Math.max(0, Math.round(ms));
}
