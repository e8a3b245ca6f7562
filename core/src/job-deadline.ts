import { jobLeaseMs } from './delivery-limits.ts';
import { imageQueue } from './image-task.ts';
import type { JobStatus } from './job-status.ts';

/**
 * How long an image job may stay unfinished before the sweeper fails and
 * refunds it. Until every attempt Cloud Tasks may still make has run to its
 * dispatch deadline, with the longest wait before each (a busy twin waits out
 * a lease), a delivery may yet finish the job; one more lease after that,
 * nobody can. With today's queue and limits that is about 29 minutes.
 */
export const imageJobDeadlineMs =
  imageQueue.maxAttempts *
    (imageQueue.dispatchDeadlineSeconds * 1000 + Math.max(imageQueue.maxBackoffSeconds * 1000, jobLeaseMs)) +
  jobLeaseMs;

/** How often the sweeper runs, as Cloud Scheduler reads it; a stuck job waits at most this much past its deadline. */
export const sweepSchedule = 'every 10 minutes';

/** Overdue jobs one sweep reads per page; `endOverdueJobs` bounds the pages per run. */
export const sweepBatchSize = 200;

/** Statuses a job can be stuck in: nobody owes it an ending once it has one. */
export const unfinishedStatuses = ['queued', 'running'] as const satisfies readonly JobStatus[];

export interface DeadlineView {
  /** The job's deadline, in ms after it was created: its kind's (see job-kinds.ts). Default: an image job's. */
  deadlineMs?: number;
  status: JobStatus;
  createdAtMs: number;
  /** When the delivery working on the job lets go of it, if one holds it. */
  leaseExpiresAtMs: number | null;
}

/**
 * An unfinished job past its deadline and not held by a live delivery. A
 * holder renews its lease only while inside its work budget, so a live lease
 * means a delivery that is still working and will end the job itself.
 */
export function isOverdue(job: DeadlineView, nowMs: number): boolean {
  if (!(unfinishedStatuses as readonly JobStatus[]).includes(job.status)) return false;
  if (nowMs < job.createdAtMs + (job.deadlineMs ?? imageJobDeadlineMs)) return false;
  return job.leaseExpiresAtMs === null || job.leaseExpiresAtMs <= nowMs;
}
