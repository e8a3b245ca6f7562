import {
  assertTransition,
  jobLeaseMs,
  ledgerEntry,
  paths,
  planDelivery,
  planFailure,
  planSuccess,
  type AccountDoc,
  type ImageRequest,
  type JobDoc,
  type JobEnding,
  type JobError,
  type JobStatus,
  type PostDoc,
} from '@phoenix/core';
import { FieldValue, Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';
import type { PublishedOutput } from './publish.ts';

/** What a delivery found when it tried to take its job. */
export type ClaimResult =
  /** No such job: nothing to do, and nothing a retry would change. */
  | { kind: 'missing' }
  /** The job already ended; the delivery is a duplicate. */
  | { kind: 'finished'; status: JobStatus }
  /** A twin delivery holds the lease. */
  | { kind: 'busy'; retryAfterMs: number }
  /** This delivery holds the lease and does the work. */
  | { kind: 'claimed'; job: ClaimedJob };

export interface ClaimedJob {
  uid: string;
  params: ImageRequest;
  /** Deliveries that started work, this one included. */
  attempts: number;
}

/** Whether an ending was written. Not written means another delivery ended the job first. */
export type EndResult =
  { written: true; refundTokens: number } | { written: false; status: JobStatus | null };

/** The job's life in the datastore, as the image service needs it; keeps Firestore out of the handler. */
export interface JobStore {
  /** Takes the job's lease for `holder` (queued → running, or a retry of a running job). */
  claim(jobId: string, holder: string, nowMs: number): Promise<ClaimResult>;
  /** Gives the lease back so the next delivery can work at once; a no-op if `holder` lost it. */
  release(jobId: string, holder: string): Promise<void>;
  /** Ends the job as succeeded with its posts, refunding filtered outputs; only while `holder` holds it. */
  succeed(
    jobId: string,
    holder: string,
    outputs: readonly PublishedOutput[],
    processingTimeMs: number,
  ): Promise<EndResult>;
  /** Ends the job as failed and refunds it all; only while `holder` holds it. */
  fail(jobId: string, holder: string, error: JobError, processingTimeMs: number): Promise<EndResult>;
}

type StoredJob = JobDoc<Timestamp>;

export function createFirestoreJobStore(db: Firestore): JobStore {
  const jobRef = (jobId: string) => db.doc(paths.job(jobId));

  /** Reads the job and, if `holder` still holds it, lets `write` end it. */
  async function endJob(
    jobId: string,
    holder: string,
    plan: (job: StoredJob) => JobEnding,
    writeExtra: (transaction: Transaction, job: StoredJob) => void,
  ): Promise<EndResult> {
    return db.runTransaction(async (transaction) => {
      const snapshot = await transaction.get(jobRef(jobId));
      const job = snapshot.data() as StoredJob | undefined;
      if (!job || job.status !== 'running' || job.lease?.holder !== holder) {
        return { written: false, status: job?.status ?? null };
      }
      const accountRef = db.doc(paths.account(job.uid));
      // Firestore wants every read before the first write.
      const account = (await transaction.get(accountRef)).data() as AccountDoc<Timestamp> | undefined;
      const ending = plan(job);
      writeExtra(transaction, job);
      transaction.update(jobRef(jobId), {
        ...ending.jobPatch,
        finishedAt: FieldValue.serverTimestamp(),
        updatedAt: FieldValue.serverTimestamp(),
      });
      if (ending.refundTokens > 0) {
        if (!account) throw new Error(`account ${job.uid} of job ${jobId} is missing; cannot refund`);
        const balanceAfter = account.balance + ending.refundTokens;
        transaction.update(accountRef, { balance: balanceAfter, updatedAt: FieldValue.serverTimestamp() });
        // create, not set: a second refund of the same job fails instead of adding up.
        transaction.create(db.doc(paths.ledgerEntry(job.uid, ending.refundLedgerId)), {
          ...ledgerEntry('refund', ending.refundTokens, balanceAfter, jobId, refundReason(ending)),
          createdAt: FieldValue.serverTimestamp(),
        });
      }
      return { written: true, refundTokens: ending.refundTokens };
    });
  }

  return {
    claim(jobId, holder, nowMs) {
      return db.runTransaction(async (transaction): Promise<ClaimResult> => {
        const snapshot = await transaction.get(jobRef(jobId));
        const job = snapshot.data() as StoredJob | undefined;
        if (!job) return { kind: 'missing' };
        const plan = planDelivery(
          {
            status: job.status,
            lease: job.lease
              ? { holder: job.lease.holder, expiresAtMs: job.lease.expiresAt.toMillis() }
              : null,
          },
          holder,
          nowMs,
        );
        if (plan.action === 'skip') return { kind: 'finished', status: job.status };
        if (plan.action === 'busy') return { kind: 'busy', retryAfterMs: plan.retryAfterMs };
        if (job.status !== 'running') assertTransition(job.status, 'running');
        const attempts = job.attempts + 1;
        transaction.update(jobRef(jobId), {
          status: 'running',
          attempts,
          lease: { holder, expiresAt: Timestamp.fromMillis(nowMs + jobLeaseMs) },
          updatedAt: FieldValue.serverTimestamp(),
          ...(plan.firstAttempt ? { startedAt: FieldValue.serverTimestamp() } : {}),
        });
        return { kind: 'claimed', job: { uid: job.uid, params: job.params, attempts } };
      });
    },

    async release(jobId, holder) {
      await db.runTransaction(async (transaction) => {
        const job = (await transaction.get(jobRef(jobId))).data() as StoredJob | undefined;
        if (job?.lease?.holder !== holder) return;
        transaction.update(jobRef(jobId), { lease: null, updatedAt: FieldValue.serverTimestamp() });
      });
    },

    succeed(jobId, holder, outputs, processingTimeMs) {
      const jobOutputs = outputs.map(({ dominantColor: _dominantColor, ...output }) => output);
      return endJob(
        jobId,
        holder,
        (job) => planSuccess(jobId, job, jobOutputs, processingTimeMs),
        (transaction, job) => {
          for (const output of outputs) {
            transaction.create(db.doc(paths.post(output.postId)), postFor(jobId, job, output));
          }
        },
      );
    },

    fail(jobId, holder, error, processingTimeMs) {
      return endJob(
        jobId,
        holder,
        (job) => {
          const ending = planFailure(jobId, job, error);
          return { ...ending, jobPatch: { ...ending.jobPatch, processingTimeMs } };
        },
        () => {},
      );
    },
  };
}

/** The public feed entry: nothing private from the job (cost, attempts, errors) goes in. */
function postFor(
  jobId: string,
  job: StoredJob,
  output: PublishedOutput,
): Omit<PostDoc, 'createdAt'> & { createdAt: FieldValue } {
  const { params } = job;
  return {
    kind: 'image',
    ownerUid: job.uid,
    jobId,
    prompt: params.prompt,
    negativePrompt: params.negativePrompt ?? null,
    aspectRatio: params.aspectRatio,
    model: params.model,
    seed: params.seed ?? null,
    enhancePrompt: params.enhancePrompt,
    imageUrl: output.imageUrl,
    thumbUrl: output.thumbUrl,
    width: output.width,
    height: output.height,
    placeholder: output.placeholder,
    dominantColor: output.dominantColor,
    likeCount: 0,
    createdAt: FieldValue.serverTimestamp(),
  };
}

function refundReason(ending: JobEnding): string {
  if (ending.status === 'succeeded') {
    return `${ending.jobPatch.filteredCount ?? 0} filtered image(s) refunded`;
  }
  return `Job ${ending.status}: ${ending.jobPatch.error?.code ?? 'no output'}`;
}
