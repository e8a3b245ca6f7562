import { createHash } from 'node:crypto';
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  PhoenixError,
  assertAffordable,
  collections,
  createImageJobRequestSchema,
  errorCodes,
  ledgerEntryIds,
  lowCreditsNotification,
  newImageJob,
  parseRequest,
  paths,
  planAccept,
  planFailure,
  quoteImageJob,
  type CreateImageJobResponse,
  type JobDoc,
  type PostDoc,
  type RemixSource,
} from '@phoenix/core';
import { moveTokens, readAccount } from '../accounts.ts';
import { writeNotification } from '../notifications/write.ts';
import type { ImageTaskEnqueuer } from '../task-queue.ts';
import { applyJobEnding } from './apply-ending.ts';

export interface ImageJobDeps {
  db: Firestore;
  queue: ImageTaskEnqueuer;
}

/**
 * Accepts an image request: in one transaction the account is opened on first
 * use, the quote is debited and the job is written `queued`; then the job's
 * task is enqueued. If that fails, the job is failed and refunded and the
 * caller hears `queue_unavailable`. Bad input is refused before anything is
 * written.
 *
 * With a `requestId` the job id is derived from it, so a retried call finds
 * the job the first one made: it is answered again, charged nothing more, and
 * its task enqueued again if it is still queued (a task that exists already
 * counts as enqueued), which also rescues a job whose first call died between
 * commit and enqueue.
 */
export async function acceptImageJob(
  deps: ImageJobDeps,
  uid: string,
  data: unknown,
): Promise<CreateImageJobResponse> {
  const { db, queue } = deps;
  const { requestId, remixOf: remixedPostId, ...params } = parseRequest(createImageJobRequestSchema, data);
  const quote = quoteImageJob(params);
  const jobId = requestId ? jobIdForRequest(uid, requestId) : db.collection(collections.jobs).doc().id;
  const jobRef = db.doc(paths.job(jobId));

  const plan = await db.runTransaction(async (tx) => {
    const existing = requestId ? ((await tx.get(jobRef)).data() as JobDoc | undefined) : undefined;
    const plan = planAccept(existing, uid, params);
    if (plan.kind === 'replay') return plan;
    const remixOf = remixedPostId ? await readRemixSource(tx, db, remixedPostId) : null;
    const account = await readAccount(tx, db, uid);
    assertAffordable(account.balance, quote);
    const balanceAfter = moveTokens(tx, db, account, {
      entryId: ledgerEntryIds.debit(jobId),
      kind: 'debit',
      tokens: -quote.tokens,
      jobId,
      reason: { code: 'job_accepted', count: params.count, model: params.model },
    });
    tx.create(jobRef, newImageJob(uid, params, quote, FieldValue.serverTimestamp(), remixOf));
    // Told once per crossing below the threshold, by the debit that crossed it.
    const lowCredits = lowCreditsNotification(jobId, account.balance, balanceAfter);
    if (lowCredits) writeNotification(tx, db, uid, lowCredits);
    return plan;
  });
  if (plan.kind === 'replay' && plan.status !== 'queued') return { jobId };

  try {
    await queue.enqueueImageJob(jobId);
  } catch (error) {
    logger.error('could not enqueue image job', { jobId, error: String(error) });
    await failUnqueuedJob(db, jobId);
    throw new PhoenixError('queue_unavailable');
  }
  return { jobId };
}

/** The source of a remix, when that post is still public; a gone or hidden one leaves no link. */
async function readRemixSource(tx: Transaction, db: Firestore, postId: string): Promise<RemixSource | null> {
  const post = (await tx.get(db.doc(paths.post(postId)))).data() as PostDoc | undefined;
  return post && post.hidden === false ? { postId, ownerUid: post.ownerUid } : null;
}

/**
 * Namespaced by the caller, so one user's request id can never reach another
 * user's job; 120 bits of a hash, in the alphabet task names accept.
 */
function jobIdForRequest(uid: string, requestId: string): string {
  return createHash('sha256').update(`${uid}/${requestId}`).digest('base64url').slice(0, 20);
}

/**
 * The compensation for a failed enqueue. Only a job still `queued` is failed:
 * if the enqueue did get through after all and a delivery already took the
 * job, the image service owns its ending.
 */
async function failUnqueuedJob(db: Firestore, jobId: string): Promise<void> {
  try {
    await db.runTransaction(async (tx) => {
      const snapshot = await tx.get(db.doc(paths.job(jobId)));
      const job = snapshot.data() as JobDoc | undefined;
      if (!job || job.status !== 'queued') return;
      const ending = planFailure(jobId, job, {
        code: 'queue_unavailable',
        message: errorCodes.queue_unavailable.message,
      });
      await applyJobEnding(tx, db, { jobId, uid: job.uid, ending });
    });
  } catch (error) {
    // The job stays queued and debited; the deadline sweeper fails and refunds it.
    logger.error('could not refund a job that was never queued', { jobId, error: String(error) });
  }
}
