import { describe, expect, it } from 'vitest';
import { formatGrowth, formatRate } from './format.ts';
import { latencyMark, marksFor, RateRecorder, rateReport, thresholds } from './report.ts';

function recorded(options: { rate: number; likeMs: number[]; likeFailures?: string[]; videoMs?: number[] }) {
  const recorder = new RateRecorder();
  options.likeMs.forEach((ms, index) => {
    recorder.issued('like', index * (1000 / options.rate), index * (1000 / options.rate));
    recorder.latency('likeSeen', ms);
  });
  for (const code of options.likeFailures ?? []) {
    recorder.issued('like', 0, 0);
    recorder.failed('like', code);
  }
  for (const ms of options.videoMs ?? []) recorder.latency('videoDone', ms);
  return rateReport(recorder, {
    rate: options.rate,
    durationSeconds: 60,
    scheduled: recorder.issuedAtMs.length,
    startMs: 0,
  });
}

describe('marks', () => {
  it('prints no column for marks when nothing crossed a line', () => {
    const text = formatRate(recorded({ rate: 2, likeMs: [200, 300] }));
    for (const line of text.split('\n')) expect(line).toBe(line.trimEnd());
    expect(text).toMatch(/like\s+2\s+0\s+0\.0%\s+none/);
  });

  it('marks a p95 above the 1 s line, and only then', () => {
    const fast = Array.from({ length: 100 }, () => 200);
    expect(latencyMark('likeSeen', { count: 1, p50: 1, p95: 999, p99: 1, max: 1 })).toBe('');
    expect(latencyMark('likeSeen', { count: 1, p50: 1, p95: 1_200, p99: 1, max: 1 })).toBe('⚠ p95 > 1 s');
    expect(recorded({ rate: 2, likeMs: fast }).marks).toEqual([]);
    const slowTail = [...Array.from({ length: 90 }, () => 200), ...Array.from({ length: 10 }, () => 3_000)];
    expect(recorded({ rate: 2, likeMs: slowTail }).marks).toEqual(['⚠ p95 > 1 s: like → seen']);
  });

  it('leaves a video’s done time without the line: Veo takes tens of seconds by design', () => {
    expect(recorded({ rate: 2, likeMs: [100], videoMs: [30_000] }).marks).toEqual([]);
  });

  it('marks errors above 1 % per operation and over all of them, with their codes', () => {
    const report = recorded({
      rate: 1,
      likeMs: Array.from({ length: 98 }, () => 100),
      likeFailures: ['timeout', 'rate_limited'],
    });
    expect(report.operations.like).toMatchObject({ attempts: 100, errors: 2, errorRate: 0.02 });
    expect(report.operations.like.codes).toEqual({ timeout: 1, rate_limited: 1 });
    expect(report.marks).toContain('⚠ errors > 1%: like');
    expect(report.marks).toContain('⚠ errors > 1%: all operations');
    expect(formatRate(report)).toContain('rate_limited 1');
    expect(thresholds).toEqual({ p95Ms: 1_000, errorRate: 0.01 });
  });

  it('marks an achieved rate well below the target and arrivals not issued', () => {
    const report = recorded({ rate: 4, likeMs: [100, 100] });
    const late = marksFor({ ...report, achievedRate: 3, skipped: { 'no-idle-post': 2 } });
    expect(late).toEqual(['⚠ achieved 3.00/s < 95% of 4/s', '⚠ 2 arrivals not issued']);
  });
});

describe('formatGrowth', () => {
  it('gives each rate’s p50 and p95 with its ratio to the lowest rate', () => {
    const low = recorded({ rate: 1, likeMs: [100, 100, 100] });
    const high = recorded({ rate: 4, likeMs: [250, 250, 250] });
    const text = formatGrowth([high, low]);
    expect(text.split('\n')[0]).toMatch(/latency\s+at 1\/s\s+at 4\/s/);
    expect(text).toMatch(/like → seen p50\s+100 ms\s+250 ms \(2\.50×\)/);
    expect(text).toMatch(/admin read p95\s+—\s+—/);
  });
});
