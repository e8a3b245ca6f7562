import type { JobStatus } from './job-status.ts';
import { isTerminal } from './job-status.ts';

export type DeliveryPlan =
  /** The job is finished: answer 2xx and touch nothing. */
  | { action: 'skip' }
  /** Another delivery holds the job: answer non-2xx so this one comes back after the lease. */
  | { action: 'busy'; retryAfterMs: number }
  /** Take the lease (queued → running, or a retry of a running job) and do the work. */
  | { action: 'work'; firstAttempt: boolean };

/**
 * Decides what a task delivery does with its job. Cloud Tasks delivers at
 * least once, so a delivery may find the job finished, or still held by a
 * twin delivery; a lease that ran out means its holder died and the job is
 * up for grabs.
 */
export function planDelivery(
  job: { status: JobStatus; lease: { holder: string; expiresAtMs: number } | null },
  holder: string,
  nowMs: number,
): DeliveryPlan {
  if (isTerminal(job.status)) return { action: 'skip' };
  if (job.lease && job.lease.holder !== holder && job.lease.expiresAtMs > nowMs) {
    return { action: 'busy', retryAfterMs: job.lease.expiresAtMs - nowMs };
  }
  return { action: 'work', firstAttempt: job.status === 'queued' };
}
