import type { ErrorCode } from './errors.ts';

/**
 * What to do when the model call fails. `retry` answers non-2xx so Cloud
 * Tasks tries again (with backoff); `fail` ends the job now and refunds it.
 */
export type ModelFailureDecision = { action: 'retry' } | { action: 'fail'; code: ErrorCode };

/**
 * Vertex AI answers a prompt its safety filter blocks with 400
 * `INVALID_ARGUMENT` and a message such as "The prompt could not be
 * submitted. This prompt contains sensitive words"; other 400s are our bug.
 */
const blockedPromptPattern = /sensitive words|could not be submitted|violat|responsible ai|safety/i;

export function classifyModelFailure(status: number | undefined, message: string): ModelFailureDecision {
  if (status === 429 || status === 408 || (status !== undefined && status >= 500)) return { action: 'retry' };
  if (status === 400 && blockedPromptPattern.test(message)) return { action: 'fail', code: 'safety_blocked' };
  if (status === 404 || status === 403) return { action: 'fail', code: 'model_unavailable' };
  // No status means the network failed before an answer: worth another attempt.
  if (status === undefined) return { action: 'retry' };
  return { action: 'fail', code: 'internal' };
}

/**
 * Cloud Tasks counts retries from 0. With `maxAttempts` set (−1 is unlimited),
 * the delivery whose retry count is `maxAttempts − 1` is the last one, so its
 * handler must settle the job itself instead of asking for another try.
 */
export function isFinalAttempt(retryCount: number, maxAttempts: number): boolean {
  return maxAttempts !== -1 && retryCount + 1 >= maxAttempts;
}
