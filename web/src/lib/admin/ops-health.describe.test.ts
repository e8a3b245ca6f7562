import { opsBucketUpperMs, type LatencyHistogram } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  depthSummary,
  errorRateSummary,
  failureLines,
  histogramSummary,
  isStale,
  OPS_STALE_AFTER_MS,
  toOpsView,
  updatedAgo,
} from './ops-health.ts';

const times = { fromMs: 0, toMs: 3_600_000, computedAtMs: 3_600_000 };
const histogram = (overrides: Partial<LatencyHistogram>): LatencyHistogram => ({
  counts: [],
  count: 5,
  p50Ms: 1_800,
  p95Ms: 12_000,
  p99Ms: 12_000,
  ...overrides,
});

describe('the ops health view', () => {
  it('reads a document missing fields as empty, with core’s alert lines', () => {
    const view = toOpsView(
      { bucketUpperMs: [...opsBucketUpperMs], queueDepth: { image: 3, video: 0 } },
      times,
    );
    expect(view.pipeline.video).toEqual({
      counts: new Array(opsBucketUpperMs.length + 1).fill(0),
      count: 0,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
    });
    expect(view.queueDepth).toEqual({ image: 3, video: 0 });
    expect(view.running).toEqual({ image: 0, video: 0 });
    expect(view.errors.rate).toBeNull();
    expect(view.thresholds.p95Ms).toBe(1_000);
    expect(view.thresholds.errorRate).toBe(0.01);
    expect(view.thresholds.queueDepth.image).toBeGreaterThan(0);
    expect(view.computedAtMs).toBe(3_600_000);
  });

  it('says how long ago the rollup ran, and when it is stale', () => {
    expect(updatedAgo(10_000, 22_900)).toBe('updated 12 s ago');
    expect(updatedAgo(10_000, 9_000)).toBe('updated 0 s ago');
    expect(updatedAgo(0, 185_000)).toBe('updated 3 min ago');
    expect(updatedAgo(0, 7_300_000)).toBe('updated 2 h ago');
    expect(isStale(0, OPS_STALE_AFTER_MS)).toBe(false);
    expect(isStale(0, OPS_STALE_AFTER_MS + 1)).toBe(true);
  });

  it('sums up a histogram with its percentiles and where p95 stands', () => {
    expect(histogramSummary('Image pipeline', histogram({}), 1_000)).toBe(
      'Image pipeline: 5 jobs; p50 1.8 s, p95 12 s, p99 12 s; p95 above the 1 s alert line.',
    );
    expect(
      histogramSummary(
        'Image queue wait',
        histogram({ count: 1, p50Ms: 150, p95Ms: 900, p99Ms: 900 }),
        1_000,
      ),
    ).toBe('Image queue wait: 1 job; p50 150 ms, p95 900 ms, p99 900 ms; p95 within the 1 s alert line.');
    expect(
      histogramSummary(
        'Video pipeline',
        histogram({ count: 0, p50Ms: null, p95Ms: null, p99Ms: null }),
        1_000,
      ),
    ).toBe('Video pipeline: no jobs in the window.');
  });

  it('sums up the error rate and each queue against their lines', () => {
    expect(errorRateSummary({ ended: 9, serverFaults: 2, rate: 2 / 9, failuresByCode: {} }, 0.01)).toBe(
      'Error rate 22.2%: 2 server faults in 9 ended jobs; above the 1% alert line.',
    );
    expect(errorRateSummary({ ended: 200, serverFaults: 1, rate: 0.005, failuresByCode: {} }, 0.01)).toBe(
      'Error rate 0.5%: 1 server fault in 200 ended jobs; within the 1% alert line.',
    );
    expect(errorRateSummary({ ended: 0, serverFaults: 0, rate: null, failuresByCode: {} }, 0.01)).toBe(
      'Error rate: no jobs ended in the window.',
    );
    expect(depthSummary('video', 30, 10, 24)).toBe(
      'Video queue: 30 queued, 10 running; above the alert line of 24.',
    );
    expect(depthSummary('image', 2, 1, 800)).toBe(
      'Image queue: 2 queued, 1 running; within the alert line of 800.',
    );
  });

  it('lists failures most first, marking those that count as errors', () => {
    expect(failureLines({ safety_blocked: 1, timed_out: 3, unknown: 1, model_unavailable: 1 })).toEqual([
      { code: 'timed_out', count: 3, serverFault: true },
      { code: 'model_unavailable', count: 1, serverFault: true },
      { code: 'safety_blocked', count: 1, serverFault: false },
      { code: 'unknown', count: 1, serverFault: true },
    ]);
  });
});
