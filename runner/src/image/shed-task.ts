import { randomUUID } from 'node:crypto';
import { errorCodes } from '@phoenix/core';
import type { TaskOutcome } from './handle-task.ts';
import type { JobStore } from './job-store.ts';

/**
 * The last allowed delivery of a task reached an instance with no room for it
 * (every slot busy, or shutting down). A 429 or 503 now would make Cloud Tasks
 * drop the task and leave the job charged and stuck, so the job ends here as
 * `overloaded`, refunded. Earlier deliveries are simply told to come back.
 */
export async function shedFinalDelivery(jobs: JobStore, jobId: string, nowMs: number): Promise<TaskOutcome> {
  const holder = randomUUID();
  const claim = await jobs.claim(jobId, holder, nowMs);
  if (claim.kind !== 'claimed') {
    // Missing, already ended, or held by a twin delivery that will end it.
    return {
      httpStatus: 200,
      body: { jobId, outcome: 'skipped' },
      outcome: 'skipped',
      severity: 'INFO',
      details: { shed: true, claim: claim.kind },
    };
  }
  const error = { code: 'overloaded' as const, message: errorCodes.overloaded.message };
  const result = await jobs.fail(jobId, holder, error, 0);
  return {
    httpStatus: 200,
    body: { jobId, outcome: result.written ? 'failed' : 'superseded', error },
    outcome: result.written ? 'failed' : 'superseded',
    severity: 'WARNING',
    details: { shed: true, errorCode: error.code, refundedTokens: result.written ? result.refundTokens : 0 },
  };
}
