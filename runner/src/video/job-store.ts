import {
  applyJobEnding,
  paths,
  planFailure,
  planVideoSuccess,
  readJobStart,
  withLatency,
  type JobEnding,
  type JobError,
  type JobStart,
  type JobStatus,
  type VideoJobDoc,
  type VideoOutput,
  type VideoPhase,
  type VideoRequest,
} from '@phoenix/core';
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { moneyTx } from '@phoenix/server';
import {
  createFirestoreLeaseStore,
  firestoreJobs,
  holdsLease,
  type LeaseStore,
  type LeasedJobDoc,
} from '../platform/lease-store.ts';
import type { Logger } from '../platform/log.ts';

/** The video job as the delivery that claimed it sees it. */
export interface VideoJobView {
  uid: string;
  params: VideoRequest;
  operationName: string | null;
  /** Epoch ms of the submit; elapsed time and the measured latency count from it. */
  submittedAtMs: number | null;
  sourceImage: VideoJobDoc['sourceImage'];
  /** When the job was created and first taken, as the claim read them (for its ending's log line). */
  start: JobStart;
}

/** Whether an ending was written. Not written means another delivery ended the job first. */
export type VideoEndResult = { written: true } | { written: false; status: JobStatus | null };

/** The video job's life in the datastore, as the worker needs it; keeps Firestore out of the handler. */
export interface VideoJobStore extends LeaseStore<VideoJobView> {
  /**
   * Stores the operation a submit started, before anything else happens, so
   * every later delivery resumes it. False when the holder lost the job
   * meanwhile (the operation is then orphaned, and billed: the reason submits
   * run under a lease at all).
   */
  recordOperation(
    jobId: string,
    holder: string,
    operationName: string,
    submittedAtMs: number,
  ): Promise<boolean>;
  /** The live phase and progress the drafts page shows. False when the holder lost the job. */
  recordProgress(
    jobId: string,
    holder: string,
    phase: VideoPhase,
    progress: { elapsedMs: number; etaMs: number } | null,
  ): Promise<boolean>;
  /** The model's recent Veo latencies, oldest first. */
  recentLatencies(model: string): Promise<number[]>;
  /** Ends the job with its video, settles it, and adds `latencyMs` to the model's recent latencies. */
  succeed(
    jobId: string,
    holder: string,
    output: VideoOutput,
    processingTimeMs: number,
    latencyMs: number,
  ): Promise<VideoEndResult>;
  /**
   * Fails and refunds the job. `billedCalls` is 1 when Veo may have run (and
   * billed) the operation anyway, as when Phoenix gave up waiting on it.
   */
  fail(jobId: string, holder: string, error: JobError, billedCalls: 0 | 1): Promise<VideoEndResult>;
}

type StoredVideoJob = VideoJobDoc & LeasedJobDoc;

export function createFirestoreVideoJobStore(
  db: Firestore,
  options: { leaseMs?: number; logger?: Logger } = {},
): VideoJobStore {
  const jobs = firestoreJobs<StoredVideoJob>(db);
  const lease = createFirestoreLeaseStore<StoredVideoJob, VideoJobView>(db, {
    leaseMs: options.leaseMs,
    ...(options.logger ? { logger: options.logger } : {}),
    toClaimed: (doc) => ({
      uid: doc.uid,
      params: doc.params,
      operationName: doc.operationName ?? null,
      submittedAtMs: doc.submittedAtMs ?? null,
      sourceImage: doc.sourceImage ?? null,
      start: readJobStart(doc),
    }),
  });

  /** Runs `write` on the job while `holder` holds it; false (writing nothing) once it does not. */
  const whileHeld = (jobId: string, holder: string, write: (tx: Transaction, job: StoredVideoJob) => void) =>
    db.runTransaction(async (tx) => {
      const job = await jobs.read(tx, jobId);
      if (!job || !holdsLease(job, holder)) return false;
      write(tx, job);
      return true;
    });

  /**
   * Ends the job while `holder` holds it: the kind's extra reads first (a
   * transaction reads before it writes), then the shared ending, then the
   * extra writes and the phase cleared.
   */
  const endJob = (
    jobId: string,
    holder: string,
    plan: (job: StoredVideoJob) => JobEnding,
    alsoWrite?: (tx: Transaction, job: StoredVideoJob) => Promise<(tx: Transaction) => void>,
  ): Promise<VideoEndResult> =>
    db.runTransaction(async (tx) => {
      const job = await jobs.read(tx, jobId);
      if (!job || !holdsLease(job, holder)) return { written: false, status: job?.status ?? null };
      const ending = plan(job);
      const write = alsoWrite ? await alsoWrite(tx, job) : undefined;
      await applyJobEnding(moneyTx(db, tx), { jobId, job, ending, nowMs: Date.now() });
      write?.(tx);
      tx.update(jobs.ref(jobId), { phase: null, progress: null });
      return { written: true };
    });

  return {
    ...lease,

    recordOperation: (jobId, holder, operationName, submittedAtMs) =>
      whileHeld(jobId, holder, (tx, job) => {
        if (job.operationName) throw new Error(`job ${jobId} already follows ${job.operationName}`);
        tx.update(jobs.ref(jobId), {
          operationName,
          submittedAtMs,
          phase: 'submitted',
          updatedAt: FieldValue.serverTimestamp(),
        });
      }),

    recordProgress: (jobId, holder, phase, progress) =>
      whileHeld(jobId, holder, (tx) => {
        tx.update(jobs.ref(jobId), { phase, progress, updatedAt: FieldValue.serverTimestamp() });
      }),

    async recentLatencies(model) {
      const stats = await db.doc(paths.videoModelStats(model)).get();
      return (stats.get('recentMs') as number[] | undefined) ?? [];
    },

    succeed: (jobId, holder, output, processingTimeMs, latencyMs) =>
      endJob(
        jobId,
        holder,
        (job) => planVideoSuccess(jobId, job, output, processingTimeMs),
        // One write per finished video, far below what makes a document hot.
        async (tx, job) => {
          const statsRef = db.doc(paths.videoModelStats(job.params.model));
          const recent = ((await tx.get(statsRef)).get('recentMs') as number[] | undefined) ?? [];
          return (tx) =>
            tx.set(statsRef, {
              recentMs: withLatency(recent, latencyMs),
              updatedAt: FieldValue.serverTimestamp(),
            });
        },
      ),

    fail: (jobId, holder, error, billedCalls) =>
      endJob(jobId, holder, (job) =>
        planFailure(jobId, { ...job, cost: { ...job.cost, billedCalls } }, error),
      ),
  };
}
