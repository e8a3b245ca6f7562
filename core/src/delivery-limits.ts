/**
 * The time limits of one image task delivery, derived from one another so
 * they always fit: a model call ends before the delivery's work budget, the
 * work (plus the wait of a last delivery for a twin's lease) ends before
 * Cloud Run cuts the request, and Cloud Run cuts it no later than Cloud
 * Tasks stops waiting for an answer. A delivery that outlived its request
 * would be retried while still working: Vertex paid twice, a slot held by a
 * zombie. The deploy-config test asserts cloudbuild.yaml uses these numbers.
 */

/**
 * One Vertex AI image call, in ms. Gemini 3 Pro at 4K takes well under a
 * minute; past two, the call is aborted and counts as a retryable failure.
 */
export const modelCallTimeoutMs = 120_000;

/** Encoding (sharp), uploads to R2 and the Firestore writes after the model calls, in ms. */
const postProcessingAllowanceMs = 45_000;

/**
 * How long a delivery works on its job once it holds the lease, in ms. At
 * the budget, every call still running is aborted and the delivery ends
 * (or, on the last attempt, settles) what it has.
 */
export const deliveryWorkBudgetMs = modelCallTimeoutMs + postProcessingAllowanceMs;

/**
 * A lease is short and renewed while its holder works, so a holder that
 * died (crash, OOM, SIGKILL) lets go within one lease, not after the whole
 * delivery budget, and the next delivery takes over.
 */
export const jobLeaseMs = 45_000;

export interface LeaseTimings {
  /** How long a lease lasts from its last renewal, in ms. */
  leaseMs: number;
  /** How often a working holder pushes its lease out, in ms: three renewals fit in one lease. */
  renewIntervalMs: number;
  /**
   * The last delivery Cloud Tasks will make may find a twin holding the
   * lease. Answering "busy" would let Cloud Tasks drop the task, so it waits
   * this long (more than a lease, which a dead holder cannot outlast) for the
   * job to end or the lease to lapse, in ms.
   */
  finalDeliveryWaitMs: number;
}

/** The timings that follow from a lease length; tests shorten the lease, production uses {@link jobLeaseMs}. */
export function leaseTimings(leaseMs: number): LeaseTimings {
  return { leaseMs, renewIntervalMs: Math.floor(leaseMs / 3), finalDeliveryWaitMs: leaseMs + 5_000 };
}

export const leaseRenewIntervalMs = leaseTimings(jobLeaseMs).renewIntervalMs;
export const finalDeliveryWaitMs = leaseTimings(jobLeaseMs).finalDeliveryWaitMs;

/** Headroom between the longest request we make and Cloud Run's cut, for the HTTP exchange itself. */
const requestSlackSeconds = 30;

/** Cloud Run's request timeout for the image service (`gcloud run deploy --timeout`), in seconds. */
export const imageServiceTimeoutSeconds =
  Math.ceil((finalDeliveryWaitMs + deliveryWorkBudgetMs) / 1000) + requestSlackSeconds;

/**
 * How long Cloud Tasks waits for a delivery's answer, in seconds. Equal to
 * the Cloud Run timeout: Cloud Run always answers first, so Cloud Tasks never
 * retries a delivery that is still running.
 */
export const imageDispatchDeadlineSeconds = imageServiceTimeoutSeconds;
