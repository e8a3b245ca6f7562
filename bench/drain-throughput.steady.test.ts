import { describe, expect, it } from 'vitest';
import { steadyThroughput } from './drain-throughput.ts';

/** `count` completions in waves of `slots`, one wave every `periodMs` after a first one at `firstMs`. */
const waves = (count: number, slots: number, firstMs: number, periodMs: number) =>
  Array.from({ length: count }, (_, index) => firstMs + periodMs * Math.floor(index / slots));

describe('steadyThroughput', () => {
  it('counts whole waves between the ramp and the tail', () => {
    // 96 jobs, 8 slots, a wave every 1.25 s: 8 / 1.25 = 6.4 jobs a second.
    expect(steadyThroughput(waves(96, 8, 1_300, 1_250), 8)).toEqual({
      jobsPerSecond: 6.4,
      jobs: 80,
      seconds: 12.5,
    });
  });

  it('leaves out a slow start and a ragged tail', () => {
    const steady = Array.from({ length: 40 }, (_, index) => 10_000 + index * 125);
    const slowStart = [2_000, 4_000, 6_000, 8_000, 9_000, 9_500, 9_700, 9_875];
    const raggedTail = [16_000, 18_000, 21_000, 25_000, 30_000, 36_000, 43_000, 51_000];
    const result = steadyThroughput([...raggedTail, ...steady, ...slowStart], 8);
    expect(result?.jobsPerSecond).toBeCloseTo(8, 6);
    expect(result?.jobs).toBe(40);
  });

  it('has no steady part in a backlog of two waves or less', () => {
    expect(steadyThroughput(waves(16, 8, 1_000, 1_000), 8)).toBeUndefined();
    expect(steadyThroughput(waves(17, 8, 1_000, 1_000), 8)).toEqual({
      jobsPerSecond: 1,
      jobs: 1,
      seconds: 1,
    });
    expect(steadyThroughput([], 8)).toBeUndefined();
  });
});
