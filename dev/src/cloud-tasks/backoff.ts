/**
 * Retry timing exactly as Cloud Tasks documents it for `RetryConfig`. Pure:
 * every function takes the clock as an argument.
 */

/** A queue's retry settings, in milliseconds. */
export interface RetryPolicy {
  /** Attempts per task including the first; -1 means unlimited. */
  maxAttempts: number;
  /** Time limit for retrying, measured from the first attempt; 0 means unlimited. */
  maxRetryDurationMs: number;
  /** Delay before the first retry. */
  minBackoffMs: number;
  /** Upper bound of any backoff delay. */
  maxBackoffMs: number;
  /** How many times the delay doubles before it starts growing linearly. */
  maxDoublings: number;
}

/**
 * Delay before retry number `retryIndex` (0 = the first retry, after the first
 * failed attempt). It starts at minBackoff, doubles `maxDoublings` times, then
 * grows by the last doubled step each time, capped at maxBackoff: with 10 s,
 * 300 s and 3 doublings that is 10, 20, 40, 80, 160, 240, 300, 300, …
 */
export function retryDelayMs(policy: RetryPolicy, retryIndex: number): number {
  const doublings = Math.min(retryIndex, policy.maxDoublings);
  const linearStep = policy.minBackoffMs * 2 ** policy.maxDoublings;
  const linearSteps = Math.max(0, retryIndex - policy.maxDoublings);
  const delay = policy.minBackoffMs * 2 ** doublings + linearSteps * linearStep;
  return Math.min(delay, policy.maxBackoffMs);
}

/**
 * True when no attempt may follow. Cloud Tasks stops only once both limits
 * are used up; an unlimited one counts as used up unless both are unlimited.
 */
export function retriesExhausted(
  policy: RetryPolicy,
  progress: { attemptsMade: number; msSinceFirstAttempt: number },
): boolean {
  const attemptsUnlimited = policy.maxAttempts === -1;
  const durationUnlimited = policy.maxRetryDurationMs <= 0;
  if (attemptsUnlimited && durationUnlimited) return false;
  const attemptsUsedUp = attemptsUnlimited || progress.attemptsMade >= policy.maxAttempts;
  const durationUsedUp = durationUnlimited || progress.msSinceFirstAttempt >= policy.maxRetryDurationMs;
  return attemptsUsedUp && durationUsedUp;
}

/**
 * The wait a `Retry-After` header asks for, in ms from `nowMs`: either
 * delay-seconds or an HTTP date. Undefined when absent or unparseable.
 */
export function parseRetryAfterMs(headerValue: string | undefined, nowMs: number): number | undefined {
  if (headerValue === undefined) return undefined;
  const trimmed = headerValue.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Statuses for which the target's Retry-After is honoured. */
export function honoursRetryAfter(httpStatus: number | undefined): boolean {
  return httpStatus === 429 || httpStatus === 503;
}

/**
 * Delay before the next attempt after a failed one: the backoff, or longer
 * when a 429/503 answer said so in Retry-After.
 */
export function nextAttemptDelayMs(
  policy: RetryPolicy,
  failure: { retryIndex: number; httpStatus?: number; retryAfter?: string; nowMs: number },
): number {
  const backoff = retryDelayMs(policy, failure.retryIndex);
  if (!honoursRetryAfter(failure.httpStatus)) return backoff;
  const requested = parseRetryAfterMs(failure.retryAfter, failure.nowMs);
  return requested === undefined ? backoff : Math.max(backoff, requested);
}
