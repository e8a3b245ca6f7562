import {
  applyJobEnding,
  assertTransition,
  documentTransaction,
  jobLeaseMs,
  paths,
  planDelivery,
  planFailure,
  planSuccess,
  storedImages,
  type ImageRequest,
  type JobDoc,
  type JobEnding,
  type JobError,
  type JobStatus,
  type OutputRecord,
  type OutputRecords,
  type PostDoc,
  type StoredImageOutput,
} from '@phoenix/core';
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';

/** What a delivery found when it tried to take its job. */
export type ClaimResult =
  /** No such job: nothing to do, and nothing a retry would change. */
  | { kind: 'missing' }
  /** The job already ended; the delivery is a duplicate. */
  | { kind: 'finished'; status: JobStatus }
  /** A twin delivery holds the lease: come back after `retryAfterMs`. */
  | { kind: 'busy'; retryAfterMs: number }
  /** The last delivery found a live twin: wait until `untilMs`, then look again. */
  | { kind: 'wait'; untilMs: number }
  /** This delivery holds the lease and does the work. */
  | { kind: 'claimed'; job: ClaimedJob };

export interface ClaimedJob {
  uid: string;
  params: ImageRequest;
  /** Deliveries that started work, this one included: this delivery's attempt number. */
  attempts: number;
  /** The outputs earlier deliveries already stored or saw filtered. */
  outputRecords: OutputRecords;
  /** The last delivery Cloud Tasks will make came and left the job to a holder. */
  lastDeliverySeen: boolean;
}

/** Whether a holder still holds its job, and whether it must now end it itself. */
export type LeaseState = { held: false } | { held: true; lastDeliverySeen: boolean };

/** Whether an ending was written. Not written means another delivery ended the job first. */
export type EndResult =
  { written: true; refundTokens: number } | { written: false; status: JobStatus | null };

/** The job's life in the datastore, as the image service needs it; keeps Firestore out of the handler. */
export interface JobStore {
  /** Takes the job's lease for `holder` (queued → running, or a retry of a running job). */
  claim(jobId: string, holder: string, nowMs: number, finalDelivery: boolean): Promise<ClaimResult>;
  /** Pushes the lease out by one lease from `nowMs`, while `holder` still holds it. */
  renew(jobId: string, holder: string, nowMs: number): Promise<LeaseState>;
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
  /**
   * Marks that the last delivery left the job to its live holder. False when
   * the lease lapsed (or the job ended) meanwhile: look again instead.
   */
  leaveToHolder(jobId: string, nowMs: number): Promise<boolean>;
  /**
   * Gives the lease back so the next delivery can work at once. `last-delivery`:
   * no delivery will come, so the holder must end the job instead.
   */
  release(jobId: string, holder: string): Promise<'released' | 'lost' | 'last-delivery'>;
  /** Ends the job as succeeded with its stored outputs as posts, refunding the rest. */
  succeed(jobId: string, holder: string, processingTimeMs: number): Promise<EndResult>;
  /** Ends the job as failed and refunds it all; only while `holder` holds it. */
  fail(jobId: string, holder: string, error: JobError, processingTimeMs: number): Promise<EndResult>;
}

type StoredJob = JobDoc<Timestamp>;

const recordsOf = (job: StoredJob): OutputRecords => job.outputRecords ?? {};
const holds = (job: StoredJob, holder: string): boolean =>
  job.status === 'running' && job.lease?.holder === holder;

/**
 * The Firestore job store. `leaseMs` is how long a claim or renewal holds the
 * job (default core's `jobLeaseMs`).
 */
export function createFirestoreJobStore(db: Firestore, options: { leaseMs?: number } = {}): JobStore {
  const leaseMs = options.leaseMs ?? jobLeaseMs;
  const jobRef = (jobId: string) => db.doc(paths.job(jobId));
  const readJob = async (tx: Transaction, jobId: string) =>
    (await tx.get(jobRef(jobId))).data() as StoredJob | undefined;

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
      const job = await readJob(tx, jobId);
      if (!job || !holds(job, holder)) return { written: false, status: job?.status ?? null };
      const ending = plan(job);
      const t = documentTransaction<DocumentReference>(tx, (path) => db.doc(path), {
        serverTime: () => FieldValue.serverTimestamp(),
        arrayRemove: (value) => FieldValue.arrayRemove(value),
      });
      await applyJobEnding(t, { jobId, job, ending, nowMs: Date.now() });
      writeExtra(tx, job);
      return { written: true, refundTokens: ending.refundTokens };
    });
  }

  return {
    claim(jobId, holder, nowMs, finalDelivery) {
      return db.runTransaction(async (tx): Promise<ClaimResult> => {
        const job = await readJob(tx, jobId);
        if (!job) return { kind: 'missing' };
        const lease = job.lease
          ? { holder: job.lease.holder, expiresAtMs: job.lease.expiresAt.toMillis() }
          : null;
        const plan = planDelivery({ status: job.status, lease }, holder, nowMs, finalDelivery);
        if (plan.action === 'skip') return { kind: 'finished', status: job.status };
        if (plan.action === 'busy') return { kind: 'busy', retryAfterMs: plan.retryAfterMs };
        if (plan.action === 'wait') return { kind: 'wait', untilMs: plan.untilMs };
        if (job.status !== 'running') assertTransition(job.status, 'running');
        const attempts = job.attempts + 1;
        tx.update(jobRef(jobId), {
          status: 'running',
          attempts,
          lease: { holder, expiresAt: Timestamp.fromMillis(nowMs + leaseMs) },
          updatedAt: FieldValue.serverTimestamp(),
          ...(plan.firstAttempt ? { startedAt: FieldValue.serverTimestamp() } : {}),
        });
        return {
          kind: 'claimed',
          job: {
            uid: job.uid,
            params: job.params,
            attempts,
            outputRecords: recordsOf(job),
            lastDeliverySeen: Boolean(job.finalDeliveryAt) || finalDelivery,
          },
        };
      });
    },

    renew(jobId, holder, nowMs) {
      return db.runTransaction(async (tx): Promise<LeaseState> => {
        const job = await readJob(tx, jobId);
        if (!job || !holds(job, holder)) return { held: false };
        tx.update(jobRef(jobId), { 'lease.expiresAt': Timestamp.fromMillis(nowMs + leaseMs) });
        return { held: true, lastDeliverySeen: Boolean(job.finalDeliveryAt) };
      });
    },

    recordOutputs(jobId, holder, records, billedCalls = 0) {
      return db.runTransaction(async (tx) => {
        const job = await readJob(tx, jobId);
        if (!job || !holds(job, holder)) return { held: false as const };
        const known = recordsOf(job);
        const fresh = Object.entries(records).filter(([index]) => !known[index]);
        if (fresh.length > 0 || billedCalls > 0) {
          tx.update(jobRef(jobId), {
            ...Object.fromEntries(fresh.map(([index, record]) => [`outputRecords.${index}`, record])),
            ...(billedCalls > 0 ? { 'cost.billedCalls': FieldValue.increment(billedCalls) } : {}),
            updatedAt: FieldValue.serverTimestamp(),
          });
        }
        return { held: true as const, records: { ...known, ...Object.fromEntries(fresh) } };
      });
    },

    leaveToHolder(jobId, nowMs) {
      return db.runTransaction(async (tx) => {
        const job = await readJob(tx, jobId);
        if (job?.status !== 'running' || !job.lease || job.lease.expiresAt.toMillis() <= nowMs) return false;
        tx.update(jobRef(jobId), { finalDeliveryAt: Timestamp.fromMillis(nowMs) });
        return true;
      });
    },

    release(jobId, holder) {
      return db.runTransaction(async (tx) => {
        const job = await readJob(tx, jobId);
        if (!job || !holds(job, holder)) return 'lost' as const;
        if (job.finalDeliveryAt) return 'last-delivery' as const;
        tx.update(jobRef(jobId), { lease: null, updatedAt: FieldValue.serverTimestamp() });
        return 'released' as const;
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
