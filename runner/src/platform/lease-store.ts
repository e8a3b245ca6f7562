import { setTimeout as sleep } from 'node:timers/promises';
import { jsonLinesLogger, type Logger } from './log.ts';
import {
  assertTransition,
  jobLeaseMs,
  paths,
  planDelivery,
  type JobKind,
  type JobStatus,
} from '@phoenix/core';
import { refreshQueueBoardAfterChange } from '@phoenix/server';
import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type Firestore,
  type Transaction,
  type UpdateData,
} from 'firebase-admin/firestore';

/** The job as the delivery that took it sees it: the kind's own view, and what the lease knows. */
export type Claimed<View> = View & {
  /** Deliveries that started work, this one included: this delivery's attempt number. */
  attempts: number;
  /** The last delivery Cloud Tasks will make came and left the job to a holder. */
  lastDeliverySeen: boolean;
};

/** What a delivery found when it tried to take its job. */
export type ClaimResult<View> =
  /** No such job: nothing to do, and nothing a retry would change. */
  | { kind: 'missing' }
  /** The job already ended; the delivery is a duplicate. */
  | { kind: 'finished'; status: JobStatus }
  /** A twin delivery holds the lease: come back after `retryAfterMs`. */
  | { kind: 'busy'; retryAfterMs: number }
  /** The last delivery found a live twin: wait until `untilMs`, then look again. */
  | { kind: 'wait'; untilMs: number }
  /** This delivery holds the lease and does the work. */
  | { kind: 'claimed'; job: Claimed<View> };

/** Whether a holder still holds its job, and whether it must now end it itself. */
export type LeaseState = { held: false } | { held: true; lastDeliverySeen: boolean };

/** `last-delivery`: no delivery will come, so the holder must end the job instead. */
export type ReleaseResult = 'released' | 'lost' | 'last-delivery';

/**
 * The lease on a job, whatever its kind: which delivery works on it, so a
 * twin delivery backs off and a dead holder's job is taken over once its
 * lease lapses. Keeps the datastore out of the handlers.
 */
export interface LeaseStore<View> {
  /** Takes the job's lease for `holder` (queued → running, or a retry of a running job). */
  claim(jobId: string, holder: string, nowMs: number, finalDelivery: boolean): Promise<ClaimResult<View>>;
  /** Pushes the lease out by one lease from `nowMs`, while `holder` still holds it. */
  renew(jobId: string, holder: string, nowMs: number): Promise<LeaseState>;
  /**
   * Marks that the last delivery left the job to its live holder. False when
   * the lease lapsed (or the job ended) meanwhile: look again instead.
   */
  leaveToHolder(jobId: string, nowMs: number): Promise<boolean>;
  /** Gives the lease back so the next delivery can work at once. */
  release(jobId: string, holder: string): Promise<ReleaseResult>;
}

/** The lease fields of a job, times in epoch ms: all the lease rules read. */
export interface LeaseView {
  status: JobStatus;
  attempts: number;
  lease: { holder: string; expiresAtMs: number } | null;
  finalDeliveryAtMs: number | null;
}

/** What a lease change writes; each datastore maps it onto its own fields. */
export type LeaseWrite =
  | { kind: 'claim'; holder: string; expiresAtMs: number; attempts: number; firstAttempt: boolean }
  | { kind: 'renew'; expiresAtMs: number }
  | { kind: 'leave'; finalDeliveryAtMs: number }
  | { kind: 'release' };

/** One lease operation's answer, and what it writes to the job. */
export interface LeaseStep<T> {
  result: T;
  write?: LeaseWrite;
}

/** How the lease rules reach the jobs: one job read, and written, atomically. */
export interface LeaseDocuments<Doc> {
  transact<T>(
    jobId: string,
    step: (job: { doc: Doc; view: LeaseView } | undefined) => LeaseStep<T>,
  ): Promise<T>;
}

export interface LeaseOptions<Doc, View> {
  /** How long a claim or renewal holds the job, in ms. Default: core's `jobLeaseMs`. */
  leaseMs?: number | undefined;
  /** The kind's part of the claimed job, read from its document. */
  toClaimed: (doc: Doc) => View;
}

/**
 * Whether `holder` still holds the job. Expiry is not checked: a lapsed lease
 * stays its holder's until another delivery claims the job, so a slow holder
 * that nobody replaced may still finish.
 */
export function holdsLease(
  job: Pick<LeaseView, 'status'> & { lease: { holder: string } | null },
  holder: string,
): boolean {
  return job.status === 'running' && job.lease?.holder === holder;
}

/** The lease rules over any datastore that can run {@link LeaseDocuments.transact}. */
export function createLeaseStore<Doc, View>(
  documents: LeaseDocuments<Doc>,
  options: LeaseOptions<Doc, View>,
): LeaseStore<View> {
  const leaseMs = options.leaseMs ?? jobLeaseMs;
  return {
    claim(jobId, holder, nowMs, finalDelivery) {
      return documents.transact(jobId, (job): LeaseStep<ClaimResult<View>> => {
        if (!job) return { result: { kind: 'missing' } };
        const { view } = job;
        const plan = planDelivery(view, holder, nowMs, finalDelivery);
        if (plan.action === 'skip') return { result: { kind: 'finished', status: view.status } };
        if (plan.action === 'busy') return { result: { kind: 'busy', retryAfterMs: plan.retryAfterMs } };
        if (plan.action === 'wait') return { result: { kind: 'wait', untilMs: plan.untilMs } };
        if (view.status !== 'running') assertTransition(view.status, 'running');
        const attempts = view.attempts + 1;
        const lastDeliverySeen = view.finalDeliveryAtMs !== null || finalDelivery;
        return {
          result: { kind: 'claimed', job: { ...options.toClaimed(job.doc), attempts, lastDeliverySeen } },
          write: {
            kind: 'claim',
            holder,
            expiresAtMs: nowMs + leaseMs,
            attempts,
            firstAttempt: plan.firstAttempt,
          },
        };
      });
    },

    renew(jobId, holder, nowMs) {
      return documents.transact(jobId, (job): LeaseStep<LeaseState> => {
        if (!job || !holdsLease(job.view, holder)) return { result: { held: false } };
        return {
          result: { held: true, lastDeliverySeen: job.view.finalDeliveryAtMs !== null },
          write: { kind: 'renew', expiresAtMs: nowMs + leaseMs },
        };
      });
    },

    leaveToHolder(jobId, nowMs) {
      return documents.transact(jobId, (job): LeaseStep<boolean> => {
        const lease = job?.view.lease;
        if (job?.view.status !== 'running' || !lease || lease.expiresAtMs <= nowMs) return { result: false };
        return { result: true, write: { kind: 'leave', finalDeliveryAtMs: nowMs } };
      });
    },

    release(jobId, holder) {
      return documents.transact(jobId, (job): LeaseStep<ReleaseResult> => {
        if (!job || !holdsLease(job.view, holder)) return { result: 'lost' };
        if (job.view.finalDeliveryAtMs !== null) return { result: 'last-delivery' };
        return { result: 'released', write: { kind: 'release' } };
      });
    },
  };
}

/**
 * Claims the job. The last delivery, finding a live twin, waits for the lease
 * to end or lapse (a dead holder cannot renew it) rather than answer "busy"
 * into a dropped task; if the twin is still working at the end of the wait,
 * or the instance gives up (`signal`), the job is left to it, marked so that
 * it ends the job itself.
 */
export async function claimOrWait<View>(
  store: LeaseStore<View>,
  jobId: string,
  holder: string,
  options: {
    finalDelivery: boolean;
    /** Epoch ms. */
    now: () => number;
    /** How long the last delivery waits for a live twin, in ms. */
    waitMs: number;
    signal?: AbortSignal | undefined;
  },
): Promise<Exclude<ClaimResult<View>, { kind: 'wait' }> | { kind: 'left' }> {
  const { now, signal } = options;
  const giveUpAtMs = now() + options.waitMs;
  for (;;) {
    const claim = await store.claim(jobId, holder, now(), options.finalDelivery);
    if (claim.kind !== 'wait') return claim;
    if (now() >= giveUpAtMs || signal?.aborted) {
      if (await store.leaveToHolder(jobId, now())) return { kind: 'left' };
      continue; // The lease lapsed or the job ended meanwhile: look again.
    }
    // A few ms past the lease, so the next look finds it lapsed rather than live.
    const waitMs = Math.min(claim.untilMs + 25, giveUpAtMs) - now();
    await sleep(Math.max(0, waitMs), undefined, signal ? { signal } : {}).catch(() => {});
  }
}

/** The lease fields of a job document in Firestore, whatever its kind. */
export interface LeasedJobDoc {
  kind: JobKind;
  status: JobStatus;
  attempts: number;
  lease: { holder: string; expiresAt: Timestamp } | null;
  finalDeliveryAt: Timestamp | null;
  startedAt: Timestamp | null;
}

/** The job documents in Firestore: where one lives, and a transaction's read of it. */
export function firestoreJobs<Doc extends LeasedJobDoc>(db: Firestore) {
  const ref = (jobId: string) => db.doc(paths.job(jobId));
  const read = async (tx: Transaction, jobId: string) => (await tx.get(ref(jobId))).data() as Doc | undefined;
  return { ref, read };
}

/**
 * The lease store over the `jobs` collection. A first claim takes the job out
 * of its queue, so the kind's queue board is rewritten then (within a second,
 * shared by the claims around it) and the jobs behind it move up at once.
 */
export function createFirestoreLeaseStore<Doc extends LeasedJobDoc, View>(
  db: Firestore,
  options: LeaseOptions<Doc, View> & { logger?: Logger },
): LeaseStore<View> {
  const jobs = firestoreJobs<Doc>(db);
  return createLeaseStore<Doc, View>(
    {
      async transact(jobId, step) {
        let leftQueue: JobKind | null = null;
        const result = await db.runTransaction(async (tx) => {
          const doc = await jobs.read(tx, jobId);
          const { result, write } = step(doc && { doc, view: leaseViewOf(doc) });
          if (write) tx.update(jobs.ref(jobId), firestoreFields(write));
          leftQueue = doc?.status === 'queued' && write?.kind === 'claim' ? doc.kind : null;
          return result;
        });
        if (leftQueue) {
          const kind: JobKind = leftQueue;
          // The claim stands whatever the refresh meets, and the delivery does not wait for it.
          refreshQueueBoardAfterChange(db, kind).catch((error: unknown) =>
            (options.logger ?? jsonLinesLogger)({
              severity: 'WARNING',
              message: 'queue board refresh failed',
              kind,
              error: String(error),
            }),
          );
        }
        return result;
      },
    },
    options,
  );
}

function leaseViewOf(doc: LeasedJobDoc): LeaseView {
  return {
    status: doc.status,
    attempts: doc.attempts,
    lease: doc.lease ? { holder: doc.lease.holder, expiresAtMs: doc.lease.expiresAt.toMillis() } : null,
    finalDeliveryAtMs: doc.finalDeliveryAt ? doc.finalDeliveryAt.toMillis() : null,
  };
}

function firestoreFields(write: LeaseWrite): UpdateData<DocumentData> {
  switch (write.kind) {
    case 'claim':
      return {
        status: 'running',
        attempts: write.attempts,
        lease: { holder: write.holder, expiresAt: Timestamp.fromMillis(write.expiresAtMs) },
        updatedAt: FieldValue.serverTimestamp(),
        ...(write.firstAttempt ? { startedAt: FieldValue.serverTimestamp() } : {}),
      };
    case 'renew':
      return { 'lease.expiresAt': Timestamp.fromMillis(write.expiresAtMs) };
    case 'leave':
      return { finalDeliveryAt: Timestamp.fromMillis(write.finalDeliveryAtMs) };
    case 'release':
      return { lease: null, updatedAt: FieldValue.serverTimestamp() };
  }
}
