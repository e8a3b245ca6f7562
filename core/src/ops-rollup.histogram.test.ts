import { describe, expect, it } from 'vitest';
import { latencyHistogram, nearestRank, opsAlertLines, opsBucketUpperMs } from './ops-rollup.ts';

describe('latency histogram', () => {
  it('has log-spaced bounds from 100 ms to 10 min with the 1 s alert line on a bound', () => {
    expect(opsBucketUpperMs[0]).toBe(100);
    expect(opsBucketUpperMs.at(-1)).toBe(600_000);
    expect(opsBucketUpperMs).toContain(opsAlertLines.p95Ms);
    opsBucketUpperMs.slice(1).forEach((upper, index) => {
      const ratio = upper / opsBucketUpperMs[index]!;
      expect(ratio).toBeGreaterThanOrEqual(2);
      expect(ratio).toBeLessThanOrEqual(3);
    });
  });

  it('counts a sample in the first bucket whose bound it does not exceed, and past the last in the open one', () => {
    const { counts, count } = latencyHistogram([0, 100, 101, 1_000, 1_001, 600_000, 600_001, 3_600_000]);
    expect(count).toBe(8);
    expect(counts).toHaveLength(opsBucketUpperMs.length + 1);
    // ≤100: 0 and 100 · ≤250: 101 · ≤1 s: 1 000 · ≤2.5 s: 1 001 · ≤10 min: 600 000 · past it: two.
    expect(counts).toEqual([2, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 2]);
  });

  it('reads nearest-rank percentiles from the exact samples, not from the buckets', () => {
    const samples = Array.from({ length: 100 }, (_, index) => (index + 1) * 10).reverse();
    expect(latencyHistogram(samples)).toMatchObject({ p50Ms: 500, p95Ms: 950, p99Ms: 990 });
    expect(nearestRank([7], 99)).toBe(7);
    expect(nearestRank([1, 2, 3], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
  });

  it('has no percentiles without samples', () => {
    expect(latencyHistogram([])).toEqual({
      counts: new Array(opsBucketUpperMs.length + 1).fill(0),
      count: 0,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
    });
  });
});
