import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  collections,
  errorCodes,
  imageJobDeadlineMs,
  isOverdue,
  paths,
  planFailure,
  sweepBatchSize,
  unfinishedStatuses,
  type JobDoc,
} from '@phoenix/core';
import { applyJobEnding } from './apply-ending.ts';

/**
 * Fails and refunds the jobs nobody will finish: a delivery that died holding
 * the last attempt, or a task Cloud Tasks gave up on. Each candidate is read
 * again and judged in its own transaction, so a delivery finishing meanwhile
 * wins, and a second sweep, or a repeated schedule, changes nothing.
 */
export async function endOverdueJobs(db: Firestore, nowMs = Date.now()): Promise<{ ended: string[] }> {
  const candidates = await db
    .collection(collections.jobs)
    .where('kind', '==', 'image')
    .where('status', 'in', [...unfinishedStatuses])
    .where('createdAt', '<=', Timestamp.fromMillis(nowMs - imageJobDeadlineMs))
    .orderBy('createdAt')
    .limit(sweepBatchSize)
    .get();

  const ended: string[] = [];
  for (const { id } of candidates.docs) {
    try {
      if (await endIfOverdue(db, id, nowMs)) ended.push(id);
    } catch (error) {
      // One job that cannot be ended must not keep the others charged.
      logger.error('could not end an overdue job', { jobId: id, error: String(error) });
    }
  }
  if (ended.length > 0)
    logger.warn('ended overdue jobs and refunded them', { count: ended.length, jobIds: ended });
  return { ended };
}

async function endIfOverdue(db: Firestore, jobId: string, nowMs: number): Promise<boolean> {
  return db.runTransaction(async (tx) => {
    const job = (await tx.get(db.doc(paths.job(jobId)))).data() as JobDoc<Timestamp> | undefined;
    if (!job) return false;
    const view = {
      status: job.status,
      createdAtMs: job.createdAt.toMillis(),
      leaseExpiresAtMs: job.lease?.expiresAt.toMillis() ?? null,
    };
    if (!isOverdue(view, nowMs)) return false;
    const ending = planFailure(jobId, job, { code: 'timed_out', message: errorCodes.timed_out.message });
    await applyJobEnding(tx, db, { jobId, uid: job.uid, ending, reason: 'not finished by its deadline' });
    return true;
  });
}
