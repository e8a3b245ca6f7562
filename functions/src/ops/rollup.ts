import { Timestamp, type Firestore, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  collections,
  opsRollupOf,
  opsWindowMs,
  paths,
  type JobDoc,
  type OpsJob,
  type OpsRollupDoc,
} from '@phoenix/core';

type ScannedJob = Pick<
  JobDoc<Timestamp>,
  'kind' | 'status' | 'createdAt' | 'acceptStartedAtMs' | 'startedAt' | 'finishedAt' | 'error'
>;

/** Only what the rollup counts: a busy hour's jobs carry prompts and outputs it never needs. */
const scannedFields: (keyof ScannedJob)[] = [
  'kind',
  'status',
  'createdAt',
  'acceptStartedAtMs',
  'startedAt',
  'finishedAt',
  'error',
];

function opsJob(job: ScannedJob): OpsJob {
  return {
    kind: job.kind,
    status: job.status,
    createdAtMs: job.createdAt.toMillis(),
    acceptStartedAtMs: job.acceptStartedAtMs ?? null,
    startedAtMs: job.startedAt?.toMillis() ?? null,
    finishedAtMs: job.finishedAt?.toMillis() ?? null,
    errorCode: job.error?.code ?? null,
  };
}

/**
 * Recomputes `ops/latest` from the jobs created in the last hour (core's
 * `opsWindowMs`) up to `nowMs` (epoch ms) and writes it in one write, so the
 * console never shows one chart fresher than another. Running it again at the
 * same `nowMs` over the same jobs writes the same document.
 *
 * The query is one range on `createdAt`, served by its automatic
 * single-field index, streamed so no page of documents is held at once.
 */
export async function rollUpOps(db: Firestore, nowMs = Date.now()): Promise<{ jobsScanned: number }> {
  const fromMs = nowMs - opsWindowMs;
  const window = db
    .collection(collections.jobs)
    .where('createdAt', '>=', Timestamp.fromMillis(fromMs))
    .where('createdAt', '<=', Timestamp.fromMillis(nowMs))
    .select(...scannedFields);

  const jobs: OpsJob[] = [];
  for await (const snapshot of window.stream() as AsyncIterable<QueryDocumentSnapshot>) {
    jobs.push(opsJob(snapshot.data() as ScannedJob));
  }

  const rollup = opsRollupOf(jobs);
  const doc: OpsRollupDoc<Timestamp> = {
    ...rollup,
    from: Timestamp.fromMillis(fromMs),
    to: Timestamp.fromMillis(nowMs),
    computedAt: Timestamp.fromMillis(nowMs),
  };
  await db.doc(paths.opsLatest()).set(doc);
  logger.info('ops rolled up', {
    jobsScanned: rollup.jobsScanned,
    errorRate: rollup.errors.rate,
    queueDepth: rollup.queueDepth,
  });
  return { jobsScanned: rollup.jobsScanned };
}
