import { FieldPath, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  applyJobEnding,
  collections,
  errorCodes,
  isOverdue,
  jobEndedFields,
  jobKindNames,
  jobKinds,
  paths,
  planFailure,
  readJobStart,
  sweepBatchSize,
  unfinishedStatuses,
  type JobDoc,
  type JobEndedFields,
  type VideoJobDoc,
} from '@phoenix/core';
import { moneyTx } from '@phoenix/server';

export interface SweepOptions {
  /** The sweep's idea of now, in epoch ms. Default: `Date.now()`. */
  nowMs?: number;
  /** Overdue jobs read per query page. Default: core's `sweepBatchSize` (200). */
  pageSize?: number;
  /**
   * The most overdue jobs one sweep looks at, over all its pages; the next
   * sweep starts again from the oldest. Bounds a run by work, not time: each
   * job costs one transaction (tens of ms), so the default, 10 pages (2,000
   * jobs with the default page size), fits the schedule's 300 s timeout.
   * Default: `pageSize * 10`.
   */
  maxCandidates?: number;
}

export interface SweepResult {
  /** Jobs this sweep failed and refunded. */
  ended: string[];
  /** Overdue jobs it could not end (logged); a later sweep tries them again. */
  stuck: string[];
  /** Candidates looked at, over all pages. */
  examined: number;
}

/**
 * Fails and refunds the jobs nobody will finish: a delivery that died holding
 * the last attempt, or a task Cloud Tasks gave up on. Each candidate is read
 * again and judged in its own transaction, so a delivery finishing meanwhile
 * wins, and a second sweep, or a repeated schedule, changes nothing. Each job
 * it ends logs that job's one `job_ended` line.
 *
 * Candidates come oldest first, a page at a time, each page starting after
 * the last one's final (createdAt, id): jobs that cannot be ended stay
 * overdue and would fill a single oldest-first page on every run, so without
 * paging they would starve every newer overdue job.
 */
export async function endOverdueJobs(db: Firestore, options: SweepOptions = {}): Promise<SweepResult> {
  const nowMs = options.nowMs ?? Date.now();
  const pageSize = options.pageSize ?? sweepBatchSize;
  const maxCandidates = options.maxCandidates ?? pageSize * 10;
  const result: SweepResult = { ended: [], stuck: [], examined: 0 };
  for (const kind of jobKindNames) {
    const overdue = db
      .collection(collections.jobs)
      .where('kind', '==', kind)
      .where('status', 'in', [...unfinishedStatuses])
      .where('createdAt', '<=', Timestamp.fromMillis(nowMs - jobKinds[kind].deadlineMs))
      .orderBy('createdAt')
      .orderBy(FieldPath.documentId());
    let after: [Timestamp, string] | undefined;
    while (result.examined < maxCandidates) {
      const page = await (after ? overdue.startAfter(...after) : overdue)
        .limit(Math.min(pageSize, maxCandidates - result.examined))
        .get();
      for (const candidate of page.docs) {
        result.examined += 1;
        try {
          const ended = await endIfOverdue(db, candidate.id, nowMs);
          if (ended) {
            result.ended.push(candidate.id);
            // Logged once the transaction committed: an attempt it retried wrote nothing.
            logger.warn('job ended', { jobId: candidate.id, ...ended });
          }
        } catch (error) {
          // One job that cannot be ended must not keep the others charged.
          result.stuck.push(candidate.id);
          logger.error('could not end an overdue job', { jobId: candidate.id, error: String(error) });
        }
      }
      const last = page.docs.at(-1);
      if (!last || page.size < pageSize) break;
      after = [last.get('createdAt') as Timestamp, last.id];
    }
  }

  if (result.ended.length > 0)
    logger.warn('ended overdue jobs and refunded them', { count: result.ended.length, jobIds: result.ended });
  if (result.examined >= maxCandidates)
    logger.warn('sweep stopped at its budget; the next one starts again from the oldest', { maxCandidates });
  return result;
}

/**
 * The job's `job_ended` fields when this sweep ended it; null when it was not
 * overdue, including when a delivery or another sweep ended it first.
 */
async function endIfOverdue(db: Firestore, jobId: string, nowMs: number): Promise<JobEndedFields | null> {
  return db.runTransaction(async (tx) => {
    const job = (await tx.get(db.doc(paths.job(jobId)))).data() as
      (JobDoc<Timestamp> | VideoJobDoc<Timestamp>) | undefined;
    if (!job) return null;
    const view = {
      deadlineMs: jobKinds[job.kind].deadlineMs,
      status: job.status,
      createdAtMs: job.createdAt.toMillis(),
      leaseExpiresAtMs: job.lease?.expiresAt.toMillis() ?? null,
    };
    if (!isOverdue(view, nowMs)) return null;
    // A Veo operation that was started is billed whether or not anyone waited for it.
    const billed =
      job.kind === 'video' && job.operationName ? { ...job, cost: { ...job.cost, billedCalls: 1 } } : job;
    const ending = planFailure(jobId, billed, { code: 'timed_out', message: errorCodes.timed_out.message });
    const endedAtMs = Date.now();
    await applyJobEnding(moneyTx(db, tx), { jobId, job: billed, ending, nowMs: endedAtMs });
    return jobEndedFields(job.kind, 'failed', readJobStart(job), endedAtMs);
  });
}
