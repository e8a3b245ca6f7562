import { describe, expect, it } from 'vitest';
import { LogLinearHistogram } from './histogram.ts';

describe('LogLinearHistogram', () => {
  it('gives nearest-rank percentiles within 1/64 of the exact ones', () => {
    const histogram = new LogLinearHistogram();
    for (let ms = 1; ms <= 1000; ms++) histogram.record(ms);
    const summary = histogram.summary();
    expect(summary.count).toBe(1000);
    for (const [got, exact] of [
      [summary.p50, 500],
      [summary.p95, 950],
      [summary.p99, 990],
    ] as const) {
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * (1 + 1 / 64));
    }
    expect(summary.max).toBe(1000);
  });

  it('keeps the tail: one slow sample in a hundred is the p99 and the max, not smoothed away', () => {
    const histogram = new LogLinearHistogram();
    for (let index = 0; index < 99; index++) histogram.record(10);
    histogram.record(5_000);
    const summary = histogram.summary();
    for (const quantile of [summary.p50, summary.p95, summary.p99]) {
      expect(quantile).toBeGreaterThanOrEqual(10);
      expect(quantile).toBeLessThanOrEqual(10 * (1 + 1 / 64));
    }
    expect(summary.max).toBe(5_000);
    expect(histogram.valueAtQuantile(1)).toBe(5_000);
  });

  it('never reports beyond the recorded min and max', () => {
    const histogram = new LogLinearHistogram();
    histogram.record(123.456);
    expect(histogram.summary()).toEqual({ count: 1, p50: 123.456, p95: 123.456, p99: 123.456, max: 123.456 });
  });

  it('lays its buckets end to end, each at most 1/64 of its lower bound wide above 128 µs', () => {
    const histogram = new LogLinearHistogram();
    const values = [0, 0.05, 0.127, 0.128, 0.2, 1, 7.5, 64, 999, 1_000, 30_000, 600_000];
    for (const ms of values) histogram.record(ms);
    const buckets = histogram.buckets();
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(values.length);
    for (const bucket of buckets) {
      expect(bucket.upperMs).toBeGreaterThan(bucket.lowerMs);
      if (bucket.lowerMs >= 0.128)
        expect((bucket.upperMs - bucket.lowerMs) / bucket.lowerMs).toBeLessThanOrEqual(1 / 64 + 1e-12);
    }
    for (const ms of values) {
      expect(buckets.some((bucket) => bucket.lowerMs <= ms && ms < bucket.upperMs)).toBe(true);
    }
  });

  it('summarises an empty histogram as no figures', () => {
    const summary = new LogLinearHistogram().summary();
    expect(summary.count).toBe(0);
    expect(summary.p95).toBeNaN();
    expect(summary.max).toBeNaN();
  });
});
