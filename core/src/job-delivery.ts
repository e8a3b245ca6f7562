import type { JobStatus } from './job-status.ts';
import { isTerminal } from './job-status.ts';

export type DeliveryPlan =
  /** The job is finished: answer 2xx and touch nothing. */
  | { action: 'skip' }
  /** Another delivery holds the job: answer non-2xx so this one comes back after the lease. */
  | { action: 'busy'; retryAfterMs: number }
  /**
   * The last delivery Cloud Tasks will make found a live twin. Answering
   * "busy" would drop the task, so it waits until `untilMs` (when the lease
   * lapses unless renewed) and looks again.
   */
  | { action: 'wait'; untilMs: number }
  /** Take the lease (queued → running, or a retry of a running job) and do the work. */
  | { action: 'work'; firstAttempt: boolean };

export interface DeliveryView {
  status: JobStatus;
  lease: { holder: string; expiresAtMs: number } | null;
}

/**
 * Decides what a task delivery does with its job. Cloud Tasks delivers at
 * least once, so a delivery may find the job finished, or still held by a
 * twin delivery; a lease that ran out means its holder died (a live holder
 * renews it) and the job is up for grabs.
 */
export function planDelivery(
  job: DeliveryView,
  holder: string,
  nowMs: number,
  finalDelivery = false,
): DeliveryPlan {
  if (isTerminal(job.status)) return { action: 'skip' };
  if (job.lease && job.lease.holder !== holder && job.lease.expiresAtMs > nowMs) {
    return finalDelivery
      ? { action: 'wait', untilMs: job.lease.expiresAtMs }
      : { action: 'busy', retryAfterMs: job.lease.expiresAtMs - nowMs };
  }
  return { action: 'work', firstAttempt: job.status === 'queued' };
}
