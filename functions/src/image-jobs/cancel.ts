import type { Firestore } from 'firebase-admin/firestore';
import {
  applyJobEnding,
  PhoenixError,
  canTransition,
  cancelJobRequestSchema,
  jobEndedFields,
  parseRequest,
  paths,
  planCancel,
  readJobStart,
  type JobDoc,
} from '@phoenix/core';
import { logger } from 'firebase-functions';
import { moneyTx } from '@phoenix/server';
import { refreshQueueBoardAfterChange } from '@phoenix/server';

export interface CancelJobResponse {
  jobId: string;
  tokensRefunded: number;
}

/**
 * Cancels the caller's own queued job and refunds it, in one transaction. A
 * delivery that arrives later finds the job canceled (terminal) and skips it.
 * The cancel logs the job's one `job_ended` line (a job already ended is
 * refused, and logs none). The queue moved, so its board is refreshed for
 * everyone waiting behind it.
 */
export async function cancelQueuedJob(db: Firestore, uid: string, data: unknown): Promise<CancelJobResponse> {
  const { jobId } = parseRequest(cancelJobRequestSchema, data);
  const { kind, ended, ...canceled } = await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(db.doc(paths.job(jobId)));
    if (!snapshot.exists) throw new PhoenixError('not_found');
    const job = snapshot.data() as JobDoc;
    if (job.uid !== uid) throw new PhoenixError('permission_denied');
    if (!canTransition(job.status, 'canceled')) throw new PhoenixError('job_not_cancelable');
    const ending = planCancel(jobId, job);
    const nowMs = Date.now();
    await applyJobEnding(moneyTx(db, tx), { jobId, job, ending, nowMs });
    return {
      jobId,
      tokensRefunded: ending.refundTokens,
      kind: job.kind,
      ended: jobEndedFields(job.kind, 'canceled', readJobStart(job), nowMs),
    };
  });
  // Logged once the transaction committed: an attempt it retried wrote nothing.
  logger.info('job ended', { jobId, ...ended });
  // The cancel stands whatever the refresh meets; the next ask refreshes the board anyway.
  await refreshQueueBoardAfterChange(db, kind).catch((error: unknown) =>
    logger.warn('queue board refresh after a cancel failed', { jobId, error: String(error) }),
  );
  return canceled;
}
