import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  imageRequestSchema,
  newImageJob,
  newVideoJob,
  opsBucketUpperMs,
  paths,
  queueDepthAlertThresholds,
  videoRequestSchema,
  type ErrorCode,
  type JobKind,
  type JobStatus,
} from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { rollUpOps } from '../functions/src/ops/rollup.ts';
import { freshProjects } from './support/fresh-project.ts';

// The ops rollup's work, with real firebase-admin against the Firestore
// emulator. `ops/latest` is global, so each test gets a project of its own.
// The schedule itself is Cloud Scheduler's; the emulator does not run it.
const freshProject = freshProjects('ops');

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const now = Date.UTC(2026, 10, 18, 15, 0, 0);
const at = (ms: number) => Timestamp.fromMillis(ms);

interface SeedJob {
  kind?: JobKind;
  status: JobStatus;
  /** Before `now`, in ms. */
  createdAgoMs: number;
  /** After creation, in ms. */
  startedAfterMs?: number;
  finishedAfterMs?: number;
  error?: ErrorCode;
  /** How long its accept took to commit, in ms; absent as on jobs from before it was kept. */
  acceptMs?: number;
}

const quote = { tokens: 1, microUsd: 1 };

async function seedJobs(db: Firestore, jobs: SeedJob[]): Promise<void> {
  const batch = db.batch();
  jobs.forEach((job, index) => {
    const createdAtMs = now - job.createdAgoMs;
    const created = at(createdAtMs);
    const fresh =
      job.kind === 'video'
        ? newVideoJob('owner', videoRequestSchema.parse({ prompt: 'a fox running' }), quote, created)
        : newImageJob('owner', imageRequestSchema.parse({ prompt: 'a fox' }), quote, created);
    const after = (ms: number | undefined) => (ms === undefined ? null : at(createdAtMs + ms));
    batch.set(db.doc(paths.job(`job-${index}`)), {
      ...fresh,
      status: job.status,
      startedAt: after(job.startedAfterMs),
      finishedAt: after(job.finishedAfterMs),
      error: job.error ? { code: job.error, message: 'seeded' } : null,
      ...(job.acceptMs === undefined ? {} : { acceptStartedAtMs: createdAtMs - job.acceptMs }),
    });
  });
  await batch.commit();
}

/** The counts a histogram holds: `{ boundMs: count }`, the open bucket as `over`. */
function counts(byBound: Partial<Record<number | 'over', number>>): number[] {
  return [...opsBucketUpperMs, 'over' as const].map((bound) => byBound[bound] ?? 0);
}

const read = async (db: Firestore) => (await db.doc(paths.opsLatest()).get()).data();

describe('rolling up ops health', () => {
  it('writes the last hour’s latency histograms, error rate and queue depths', async () => {
    const db = freshProject();
    await seedJobs(db, [
      {
        status: 'succeeded',
        createdAgoMs: 50 * MINUTE,
        startedAfterMs: 300,
        finishedAfterMs: 1_800,
        acceptMs: 120,
      },
      {
        status: 'succeeded',
        createdAgoMs: 40 * MINUTE,
        startedAfterMs: 50,
        finishedAfterMs: 800,
        acceptMs: 80,
      },
      {
        status: 'succeeded',
        createdAgoMs: 30 * MINUTE,
        startedAfterMs: 2_000,
        finishedAfterMs: 12_000,
        acceptMs: 1_500,
      },
      { status: 'succeeded', createdAgoMs: 20 * MINUTE, startedAfterMs: 100, finishedAfterMs: 4_000 },
      // Exactly at the window's start, which is inclusive.
      { status: 'succeeded', createdAgoMs: 60 * MINUTE, startedAfterMs: 100, finishedAfterMs: 900 },
      // A server fault and a user-caused failure: both ended, one an error.
      {
        status: 'failed',
        createdAgoMs: 10 * MINUTE,
        startedAfterMs: 400,
        finishedAfterMs: 6_000,
        error: 'model_unavailable',
      },
      {
        status: 'failed',
        createdAgoMs: 5 * MINUTE,
        startedAfterMs: 150,
        finishedAfterMs: 2_000,
        error: 'safety_blocked',
      },
      { status: 'queued', createdAgoMs: MINUTE, acceptMs: 60 },
      { status: 'queued', createdAgoMs: 30 * SECOND },
      { status: 'running', createdAgoMs: 2 * MINUTE, startedAfterMs: 500 },
      { status: 'canceled', createdAgoMs: 15 * MINUTE, finishedAfterMs: 10_000 },
      {
        kind: 'video',
        status: 'succeeded',
        createdAgoMs: 45 * MINUTE,
        startedAfterMs: 5_000,
        finishedAfterMs: 150_000,
        acceptMs: 300,
      },
      // Swept while still queued: an error, with no queue wait to tell.
      {
        kind: 'video',
        status: 'failed',
        createdAgoMs: 35 * MINUTE,
        finishedAfterMs: 28 * MINUTE,
        error: 'timed_out',
      },
      { kind: 'video', status: 'running', createdAgoMs: 3 * MINUTE, startedAfterMs: 20_000 },
      { kind: 'video', status: 'queued', createdAgoMs: MINUTE },
      // Outside the window: a millisecond too old, and after the rollup's now.
      {
        status: 'succeeded',
        createdAgoMs: 60 * MINUTE + 1,
        startedAfterMs: 10,
        finishedAfterMs: 20,
        acceptMs: 10,
      },
      { status: 'queued', createdAgoMs: -1 },
    ]);

    expect(await rollUpOps(db, now)).toEqual({ jobsScanned: 15 });

    expect(await read(db)).toEqual({
      from: at(now - 60 * MINUTE),
      to: at(now),
      computedAt: at(now),
      bucketUpperMs: [...opsBucketUpperMs],
      accept: {
        // 60, 80, 120, 1 500 ms: the jobs that record when their accept began.
        image: {
          counts: counts({ 100: 2, 250: 1, 2_500: 1 }),
          count: 4,
          p50Ms: 80,
          p95Ms: 1_500,
          p99Ms: 1_500,
        },
        video: { counts: counts({ 500: 1 }), count: 1, p50Ms: 300, p95Ms: 300, p99Ms: 300 },
      },
      pipeline: {
        // 800, 900, 1 800, 4 000, 12 000 ms.
        image: {
          counts: counts({ 1_000: 2, 2_500: 1, 5_000: 1, 30_000: 1 }),
          count: 5,
          p50Ms: 1_800,
          p95Ms: 12_000,
          p99Ms: 12_000,
        },
        video: { counts: counts({ 300_000: 1 }), count: 1, p50Ms: 150_000, p95Ms: 150_000, p99Ms: 150_000 },
      },
      queueWait: {
        // 50, 100, 100, 150, 300, 400, 2 000 ms: the ended jobs a delivery took.
        image: {
          counts: counts({ 100: 3, 250: 1, 500: 2, 2_500: 1 }),
          count: 7,
          p50Ms: 150,
          p95Ms: 2_000,
          p99Ms: 2_000,
        },
        video: { counts: counts({ 5_000: 1 }), count: 1, p50Ms: 5_000, p95Ms: 5_000, p99Ms: 5_000 },
      },
      errors: {
        ended: 9,
        serverFaults: 2,
        rate: 2 / 9,
        failuresByCode: { model_unavailable: 1, safety_blocked: 1, timed_out: 1 },
      },
      queueDepth: { image: 2, video: 1 },
      running: { image: 1, video: 1 },
      thresholds: {
        p95Ms: 1_000,
        errorRate: 0.01,
        queueDepth: { image: queueDepthAlertThresholds.images, video: queueDepthAlertThresholds.videos },
      },
      jobsScanned: 15,
    });
  });

  it('rewrites the document for a quiet hour, never merging the last one', async () => {
    const db = freshProject();
    await seedJobs(db, [
      {
        status: 'failed',
        createdAgoMs: 30 * MINUTE,
        startedAfterMs: 100,
        finishedAfterMs: 500,
        error: 'internal',
      },
    ]);
    await rollUpOps(db, now);
    expect((await read(db))?.errors).toMatchObject({ ended: 1, serverFaults: 1, rate: 1 });

    expect(await rollUpOps(db, now + 2 * 60 * MINUTE)).toEqual({ jobsScanned: 0 });
    const quiet = await read(db);
    expect(quiet?.errors).toEqual({ ended: 0, serverFaults: 0, rate: null, failuresByCode: {} });
    expect(quiet?.queueWait.image).toEqual({
      counts: counts({}),
      count: 0,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
    });
    expect(quiet?.computedAt).toEqual(at(now + 2 * 60 * MINUTE));
  });
});
