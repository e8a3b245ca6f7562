import { describe, expect, it } from 'vitest';
import { expectedVeoMs, veoEtaMs, withLatency } from './video-progress.ts';
import { nextPollDelaySeconds, veoLatency, videoPollSeconds } from './video-task.ts';

describe('the Veo ETA', () => {
  it('uses the typical latency until three runs were measured, then their median', () => {
    expect(expectedVeoMs([40_000, 50_000])).toBe(veoLatency.typicalMs);
    expect(expectedVeoMs([90_000, 30_000, 60_000])).toBe(60_000);
  });

  it('counts down to the median, then stretches toward the slowest recent run', () => {
    const recent = [30_000, 60_000, 90_000];
    expect(veoEtaMs(recent, 20_000)).toBe(40_000);
    expect(veoEtaMs(recent, 70_000)).toBe(20_000);
    expect(veoEtaMs(recent, 95_000)).toBe(15_000);
  });

  it('keeps the last 20 measurements', () => {
    let recent: number[] = [];
    for (let run = 1; run <= 25; run++) recent = withLatency(recent, run * 1000);
    expect(recent).toHaveLength(20);
    expect(recent[0]).toBe(6000);
  });
});

describe('nextPollDelaySeconds', () => {
  it('polls soon after submit, then between 15 and 30 s apart, waiting toward the ETA', () => {
    expect(nextPollDelaySeconds(1, 0, null)).toBe(videoPollSeconds.first);
    expect(nextPollDelaySeconds(2, 10_000, null)).toBe(videoPollSeconds.every);
    expect(nextPollDelaySeconds(2, 10_000, 60_000)).toBe(25);
    expect(nextPollDelaySeconds(2, 10_000, 400_000)).toBe(videoPollSeconds.most);
  });
});
