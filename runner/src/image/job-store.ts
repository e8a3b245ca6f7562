import {
  applyJobEnding,
  paths,
  planFailure,
  planSuccess,
  readJobStart,
  storedImages,
  type ImageRequest,
  type ImageJobDoc,
  type JobEnding,
  type JobError,
  type JobStart,
  type JobStatus,
  type OutputRecord,
  type OutputRecords,
  type PostDoc,
  type StoredImageOutput,
} from '@phoenix/core';
import { FieldValue, type Firestore, type Timestamp, type Transaction } from 'firebase-admin/firestore';
import { moneyTx } from '@phoenix/server';
import {
  createFirestoreLeaseStore,
  firestoreJobs,
  holdsLease,
  type Claimed,
  type LeaseStore,
} from '../platform/lease-store.ts';
import type { Logger } from '../platform/log.ts';

/** The image job as the delivery that claimed it sees it, besides what the lease adds. */
export interface ImageJobView {
  uid: string;
  params: ImageRequest;
  /** The outputs earlier deliveries already stored or saw filtered. */
  outputRecords: OutputRecords;
  /** When the job was created and first taken, as the claim read them (for its ending's log line). */
  start: JobStart;
}

export type ClaimedJob = Claimed<ImageJobView>;

/** Whether an ending was written. Not written means another delivery ended the job first. */
export type EndResult =
  { written: true; refundTokens: number } | { written: false; status: JobStatus | null };

/** The job's life in the datastore, as the image service needs it; keeps Firestore out of the handler. */
export interface JobStore extends LeaseStore<ImageJobView> {
  /**
   * Records outputs not recorded yet, and `billedCalls` more model calls
   * Vertex billed (default 0), while `holder` holds the job; answers every
   * record the job now has.
   */
  recordOutputs(
    jobId: string,
    holder: string,
    records: Readonly<Record<number, OutputRecord>>,
    billedCalls?: number,
  ): Promise<{ held: false } | { held: true; records: OutputRecords }>;
  /** Ends the job as succeeded with its stored outputs as posts, refunding the rest. */
  succeed(jobId: string, holder: string, processingTimeMs: number): Promise<EndResult>;
  /** Ends the job as failed and refunds it all; only while `holder` holds it. */
  fail(jobId: string, holder: string, error: JobError, processingTimeMs: number): Promise<EndResult>;
}

type StoredJob = ImageJobDoc<Timestamp>;

const recordsOf = (job: StoredJob): OutputRecords => job.outputRecords ?? {};

/**
 * The Firestore job store. `leaseMs` is how long a claim or renewal holds the
 * job (default core's `jobLeaseMs`).
 */
export function createFirestoreJobStore(
  db: Firestore,
  options: { leaseMs?: number; logger?: Logger } = {},
): JobStore {
  const jobs = firestoreJobs<StoredJob>(db);

  /**
   * Reads the job and, if `holder` still holds it, applies `plan` through
   * core's one ending (refund, budget settlement, notification), then the
   * extra writes.
   */
  async function endJob(
    jobId: string,
    holder: string,
    plan: (job: StoredJob) => JobEnding,
    writeExtra: (tx: Transaction, job: StoredJob) => void,
  ): Promise<EndResult> {
    return db.runTransaction(async (tx) => {
      const job = await jobs.read(tx, jobId);
      if (!job || !holdsLease(job, holder)) return { written: false, status: job?.status ?? null };
      const ending = plan(job);
      await applyJobEnding(moneyTx(db, tx), { jobId, job, ending, nowMs: Date.now() });
      writeExtra(tx, job);
      return { written: true, refundTokens: ending.refundTokens };
    });
  }

  return {
    ...createFirestoreLeaseStore<StoredJob, ImageJobView>(db, {
      leaseMs: options.leaseMs,
      ...(options.logger ? { logger: options.logger } : {}),
      toClaimed: (job) => ({
        uid: job.uid,
        params: job.params,
        outputRecords: recordsOf(job),
        start: readJobStart(job),
      }),
    }),

    recordOutputs(jobId, holder, records, billedCalls = 0) {
      return db.runTransaction(async (tx) => {
        const job = await jobs.read(tx, jobId);
        if (!job || !holdsLease(job, holder)) return { held: false as const };
        const known = recordsOf(job);
        const fresh = Object.entries(records).filter(([index]) => !known[index]);
        if (fresh.length > 0 || billedCalls > 0) {
          tx.update(jobs.ref(jobId), {
            ...Object.fromEntries(fresh.map(([index, record]) => [`outputRecords.${index}`, record])),
            ...(billedCalls > 0 ? { 'cost.billedCalls': FieldValue.increment(billedCalls) } : {}),
            updatedAt: FieldValue.serverTimestamp(),
          });
        }
        return { held: true as const, records: { ...known, ...Object.fromEntries(fresh) } };
      });
    },

    succeed(jobId, holder, processingTimeMs) {
      return endJob(
        jobId,
        holder,
        (job) => planSuccess(jobId, job, recordsOf(job), processingTimeMs),
        (tx, job) => {
          const stored = storedImages(recordsOf(job));
          for (const output of stored) {
            tx.create(db.doc(paths.post(output.postId)), postFor(jobId, job, output));
          }
          // A blind merged increment: no read, so a user's concurrent jobs do not contend on it.
          if (stored.length > 0) {
            tx.set(
              db.doc(paths.profile(job.uid)),
              { counts: { posts: FieldValue.increment(stored.length) } },
              { merge: true },
            );
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
  output: StoredImageOutput,
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
    imageSize: params.imageSize,
    likeCount: 0,
    hidden: false,
    hiddenReason: null,
    remixOf: job.remixOf ?? null,
    createdAt: FieldValue.serverTimestamp(),
  };
}
