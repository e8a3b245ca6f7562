import { describe, expect, it } from 'vitest';
import { summarize } from './stats.ts';

describe('summarize', () => {
  it('takes nearest-rank percentiles and the mean', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(summarize('x', samples)).toEqual({ name: 'x', runs: 100, p50: 50, p95: 95, mean: 50.5 });
  });

  it('does not depend on the order of the samples', () => {
    expect(summarize('x', [5, 1, 3]).p50).toBe(3);
  });
});
