import { describe, expect, it } from 'vitest';
import { isServerFault, opsQueueDepthThresholds, opsRollupOf, type OpsJob } from './ops-rollup.ts';
import { queueDepthAlertThresholds } from './telemetry.ts';

const t0 = Date.UTC(2026, 10, 18, 15, 0, 0);

function job(overrides: Partial<OpsJob>): OpsJob {
  return {
    kind: 'image',
    status: 'succeeded',
    createdAtMs: t0,
    acceptStartedAtMs: t0 - 90,
    startedAtMs: t0 + 200,
    finishedAtMs: t0 + 3_000,
    errorCode: null,
    ...overrides,
  };
}

describe('ops rollup of the window’s jobs', () => {
  it('takes pipeline latency from succeeded jobs and queue wait from every ended job that was taken', () => {
    const rollup = opsRollupOf([
      job({}),
      job({ kind: 'video', startedAtMs: t0 + 40_000, finishedAtMs: t0 + 200_000 }),
      job({
        status: 'failed',
        errorCode: 'model_unavailable',
        startedAtMs: t0 + 700,
        finishedAtMs: t0 + 9_000,
      }),
      // Ended by the sweeper while queued: no queue wait to tell.
      job({ status: 'failed', errorCode: 'timed_out', startedAtMs: null, finishedAtMs: t0 + 1_800_000 }),
      // Not ended: in no latency series.
      job({ status: 'running', finishedAtMs: null }),
      job({ status: 'queued', startedAtMs: null, finishedAtMs: null }),
      job({ status: 'canceled', startedAtMs: null, finishedAtMs: t0 + 5_000 }),
    ]);
    expect(rollup.pipeline.image).toMatchObject({ count: 1, p50Ms: 3_000, p95Ms: 3_000 });
    expect(rollup.pipeline.video).toMatchObject({ count: 1, p99Ms: 200_000 });
    expect(rollup.queueWait.image).toMatchObject({ count: 2, p50Ms: 200, p95Ms: 700 });
    expect(rollup.queueWait.video).toMatchObject({ count: 1, p50Ms: 40_000 });
    expect(rollup.jobsScanned).toBe(7);
  });

  it('reads a time that runs backwards (clocks apart) as zero, as the log lines do', () => {
    const rollup = opsRollupOf([job({ startedAtMs: t0 - 5, finishedAtMs: t0 - 1 })]);
    expect(rollup.pipeline.image.p50Ms).toBe(0);
    expect(rollup.queueWait.image.p50Ms).toBe(0);
  });

  it('counts server faults over ended jobs as the error rate, and user-caused failures not', () => {
    const rollup = opsRollupOf([
      ...Array.from({ length: 6 }, () => job({})),
      job({ status: 'failed', errorCode: 'internal' }),
      job({ status: 'failed', errorCode: 'safety_blocked' }),
      job({ status: 'failed', errorCode: null }),
      job({ status: 'failed', errorCode: 'safety_blocked' }),
      // Neither ended: not in the denominator.
      job({ status: 'canceled', finishedAtMs: t0 + 1 }),
      job({ status: 'queued', startedAtMs: null, finishedAtMs: null }),
    ]);
    expect(rollup.errors).toEqual({
      ended: 10,
      serverFaults: 2,
      rate: 0.2,
      failuresByCode: { internal: 1, safety_blocked: 2, unknown: 1 },
    });
  });

  it('tells which codes are Phoenix’s fault', () => {
    for (const code of [
      'internal',
      'overloaded',
      'queue_unavailable',
      'model_unavailable',
      'timed_out',
    ] as const)
      expect(isServerFault(code)).toBe(true);
    for (const code of ['safety_blocked', 'invalid_argument', 'budget_exceeded', 'rate_limited'] as const)
      expect(isServerFault(code)).toBe(false);
    expect(isServerFault(null)).toBe(true);
  });

  it('has no error rate when nothing ended', () => {
    expect(opsRollupOf([job({ status: 'running', finishedAtMs: null })]).errors.rate).toBeNull();
    expect(opsRollupOf([]).errors).toEqual({ ended: 0, serverFaults: 0, rate: null, failuresByCode: {} });
  });

  it('counts queued and running jobs per kind, against each queue’s depth alert line', () => {
    const rollup = opsRollupOf([
      job({ status: 'queued', startedAtMs: null, finishedAtMs: null }),
      job({ status: 'queued', startedAtMs: null, finishedAtMs: null }),
      job({ kind: 'video', status: 'queued', startedAtMs: null, finishedAtMs: null }),
      job({ kind: 'video', status: 'running', finishedAtMs: null }),
    ]);
    expect(rollup.queueDepth).toEqual({ image: 2, video: 1 });
    expect(rollup.running).toEqual({ image: 0, video: 1 });
    expect(rollup.thresholds).toEqual({
      p95Ms: 1_000,
      errorRate: 0.01,
      queueDepth: { image: queueDepthAlertThresholds.images, video: queueDepthAlertThresholds.videos },
    });
    expect(opsQueueDepthThresholds()).toEqual(rollup.thresholds.queueDepth);
  });

  it('times each accept from its call to its commit, whatever became of the job, skipping jobs without the time', () => {
    const rollup = opsRollupOf([
      job({}),
      job({ status: 'queued', acceptStartedAtMs: t0 - 1_400, startedAtMs: null, finishedAtMs: null }),
      job({ kind: 'video', acceptStartedAtMs: t0 - 300 }),
      job({ acceptStartedAtMs: null }),
    ]);
    expect(rollup.accept.image).toMatchObject({ count: 2, p50Ms: 90, p95Ms: 1_400 });
    expect(rollup.accept.video).toMatchObject({ count: 1, p50Ms: 300 });
  });
});
