import type { Firestore } from 'firebase-admin/firestore';
import {
  applyJobEnding,
  PhoenixError,
  canTransition,
  cancelJobRequestSchema,
  parseRequest,
  paths,
  planCancel,
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
 * The queue moved, so its board is refreshed for everyone waiting behind it.
 */
export async function cancelQueuedJob(db: Firestore, uid: string, data: unknown): Promise<CancelJobResponse> {
  const { jobId } = parseRequest(cancelJobRequestSchema, data);
  const { kind, ...canceled } = await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(db.doc(paths.job(jobId)));
    if (!snapshot.exists) throw new PhoenixError('not_found');
    const job = snapshot.data() as JobDoc;
    if (job.uid !== uid) throw new PhoenixError('permission_denied');
    if (!canTransition(job.status, 'canceled')) throw new PhoenixError('job_not_cancelable');
    const ending = planCancel(jobId, job);
    await applyJobEnding(moneyTx(db, tx), { jobId, job, ending, nowMs: Date.now() });
    return { jobId, tokensRefunded: ending.refundTokens, kind: job.kind };
  });
  // The cancel stands whatever the refresh meets; the next ask refreshes the board anyway.
  await refreshQueueBoardAfterChange(db, kind).catch((error: unknown) =>
    logger.warn('queue board refresh after a cancel failed', { jobId, error: String(error) }),
  );
  return canceled;
}
