import { randomUUID } from 'node:crypto';
import { errorCodes, jobEndedFields, startAfterClaim, storedImages } from '@phoenix/core';
import type { TaskOutcome } from '../platform/task-route.ts';
import type { JobStore } from './job-store.ts';

/**
 * The last allowed delivery of a task reached an instance with no room for it
 * (every slot busy, or shutting down). A 429 or 503 now would make Cloud Tasks
 * drop the task and leave the job charged and stuck, so the job ends here:
 * with the outputs earlier deliveries stored, or as `overloaded`, refunded.
 * A live twin holding the job is told it must end the job itself.
 */
export async function shedFinalDelivery(jobs: JobStore, jobId: string, nowMs: number): Promise<TaskOutcome> {
  const holder = randomUUID();
  const claim = await jobs.claim(jobId, holder, nowMs, true);
  if (claim.kind === 'wait' && (await jobs.leaveToHolder(jobId, nowMs))) {
    return outcome(jobId, 'left', 'INFO', { shed: true });
  }
  if (claim.kind !== 'claimed') {
    // Missing, already ended, or its holder's lease just lapsed (the sweeper ends it).
    return outcome(jobId, 'skipped', 'INFO', { shed: true, claim: claim.kind });
  }
  const start = startAfterClaim(claim.job.start, nowMs);
  if (storedImages(claim.job.outputRecords).length > 0) {
    const result = await jobs.succeed(jobId, holder, 0);
    return outcome(jobId, result.written ? 'succeeded' : 'superseded', 'WARNING', {
      shed: true,
      refundedTokens: result.written ? result.refundTokens : 0,
      ...(result.written ? jobEndedFields('image', 'succeeded', start, Date.now()) : {}),
    });
  }
  const error = { code: 'overloaded' as const, message: errorCodes.overloaded.message };
  const result = await jobs.fail(jobId, holder, error, 0);
  return outcome(jobId, result.written ? 'failed' : 'superseded', 'WARNING', {
    shed: true,
    errorCode: error.code,
    refundedTokens: result.written ? result.refundTokens : 0,
    ...(result.written ? jobEndedFields('image', 'failed', start, Date.now()) : {}),
  });
}

function outcome(
  jobId: string,
  word: string,
  severity: TaskOutcome['severity'],
  details: Record<string, unknown>,
): TaskOutcome {
  return { httpStatus: 200, body: { jobId, outcome: word }, outcome: word, severity, details };
}
