import { describe, expect, it } from 'vitest';
import { LogLinearHistogram } from './histogram.ts';
import { metrics } from './report.ts';
import { displayBins, latencyRange, logPosition, renderHistogramsSvg, type ChartRate } from './svg.ts';

function chartRate(rate: number, samplesMs: number[]): ChartRate {
  const histogram = new LogLinearHistogram();
  for (const ms of samplesMs) histogram.record(ms);
  const filled = { summary: histogram.summary(), buckets: histogram.buckets() };
  const empty = { summary: new LogLinearHistogram().summary(), buckets: [] };
  return {
    rate,
    metrics: Object.fromEntries(
      metrics.map((metric) => [metric, metric === 'accept' ? filled : empty]),
    ) as ChartRate['metrics'],
  };
}

describe('logPosition', () => {
  it('gives each tenfold the same width and clamps to the axis', () => {
    expect(logPosition(10, 1, 1000, 300)).toBeCloseTo(100);
    expect(logPosition(100, 1, 1000, 300)).toBeCloseTo(200);
    expect(logPosition(0.01, 1, 1000, 300)).toBe(0);
    expect(logPosition(1e9, 1, 1000, 300)).toBe(300);
  });
});

describe('displayBins', () => {
  it('keeps every sample and puts each in the bar of its tenfold', () => {
    const histogram = new LogLinearHistogram();
    for (const ms of [2, 3, 50, 50, 700, 5_000]) histogram.record(ms);
    const bins = displayBins(histogram.buckets(), 1, 10_000);
    expect(bins).toHaveLength(20);
    expect(bins.reduce((sum, count) => sum + count, 0)).toBe(6);
    expect(bins.slice(0, 5).reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(bins.slice(15, 20).reduce((sum, count) => sum + count, 0)).toBe(1);
  });
});

describe('renderHistogramsSvg', () => {
  const rates = [chartRate(1, [40, 60, 80, 120]), chartRate(4, [90, 300, 1_500, 4_000])];
  const svg = renderHistogramsSvg(rates);

  it('draws one panel per metric per rate, each with the 1 s line', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<g class="panel"/g)).toHaveLength(metrics.length * rates.length);
    expect(svg.match(/class="threshold"/g)).toHaveLength(metrics.length * rates.length);
    expect(svg).toContain('data-metric="likeSeen" data-rate="4"');
  });

  it('puts the 1 s line where 1 s falls on the shared log axis', () => {
    const { lowMs, highMs } = latencyRange(rates);
    expect(lowMs).toBe(10);
    expect(highMs).toBe(10_000);
    const first = /class="threshold" x1="([\d.]+)"/.exec(svg)!;
    // The first panel's plot starts at x = 10 + 20 and is 210 wide; 1 s is two of three tenfolds in.
    expect(Number(first[1])).toBeCloseTo(30 + (210 * 2) / 3, 0);
  });

  it('draws bars only where there are samples, and says so where there are none', () => {
    expect(svg.match(/class="bar"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(svg).toContain('no samples');
    expect(svg).toContain('dispatch → done, video @ 1/s');
  });
});
