import { opsBucketUpperMs } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  bucketLabel,
  crossesLine,
  formatMs,
  histogramBars,
  labelBeside,
  meterScale,
  msToX,
} from './ops-charts.ts';

const bounds = [...opsBucketUpperMs];
const width = 130;
const slot = width / (bounds.length + 1);

describe('ops chart geometry', () => {
  it('says latencies at a readable precision', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(1_000)).toBe('1 s');
    expect(formatMs(2_500)).toBe('2.5 s');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(60_000)).toBe('1 min');
    expect(formatMs(150_000)).toBe('2.5 min');
  });

  it('labels each bucket by its bound, and the last as open-ended', () => {
    expect(bucketLabel(0, bounds)).toBe('≤ 100 ms');
    expect(bucketLabel(3, bounds)).toBe('≤ 1 s');
    expect(bucketLabel(bounds.length, bounds)).toBe('> 10 min');
  });

  it('draws one equal bar per bucket, the fullest at full height and an empty one flat', () => {
    const counts = new Array<number>(bounds.length + 1).fill(0);
    counts[3] = 4;
    counts[5] = 1;
    const bars = histogramBars({ counts }, bounds, { width, height: 100 });
    expect(bars).toHaveLength(bounds.length + 1);
    expect(bars[3]).toMatchObject({ y: 0, height: 100, count: 4, label: '≤ 1 s' });
    expect(bars[5]).toMatchObject({ y: 75, height: 25, count: 1 });
    expect(bars[0]).toMatchObject({ y: 100, height: 0 });
    for (const [index, bar] of bars.entries()) {
      expect(bar.x).toBeGreaterThan(index * slot);
      expect(bar.x + bar.width).toBeLessThan((index + 1) * slot);
    }
  });

  it('draws no bar for a histogram without samples', () => {
    const bars = histogramBars({ counts: new Array(bounds.length + 1).fill(0) }, bounds, {
      width,
      height: 50,
    });
    expect(bars.every((bar) => bar.height === 0 && bar.y === 50)).toBe(true);
  });

  it('puts a bound on the edge between two bars, and a value between bounds on a log scale', () => {
    expect(msToX(1_000, bounds, width)).toBeCloseTo(4 * slot);
    expect(msToX(100, bounds, width)).toBeCloseTo(slot);
    // √(1 000 × 2 500) is halfway, on a log scale, through the bucket up to 2.5 s.
    expect(msToX(Math.sqrt(1_000 * 2_500), bounds, width)).toBeCloseTo(4.5 * slot);
    expect(msToX(0, bounds, width)).toBe(0);
    // The open bucket ends one step (×2) past 10 min; anything beyond is pinned to the edge.
    expect(msToX(1_200_000, bounds, width)).toBeCloseTo(width);
    expect(msToX(10 * 3_600_000, bounds, width)).toBeCloseTo(width);
  });

  it('crosses a line only when strictly above it', () => {
    expect(crossesLine(1_001, 1_000)).toBe(true);
    expect(crossesLine(1_000, 1_000)).toBe(false);
    expect(crossesLine(null, 1_000)).toBe(false);
  });

  it('keeps the line mid-meter until the value passes twice it', () => {
    expect(meterScale(0.005, 0.01)).toEqual({ value: 0.25, line: 0.5 });
    expect(meterScale(0.04, 0.01)).toEqual({ value: 1, line: 0.25 });
    expect(meterScale(0, 800)).toEqual({ value: 0, line: 0.5 });
  });

  it('names a few latencies on the axis, each on its bound', () => {
    expect(axisTicks(bounds, width)).toEqual([
      { x: expect.closeTo(slot), label: '100 ms' },
      { x: expect.closeTo(4 * slot), label: '1 s' },
      { x: expect.closeTo(7 * slot), label: '10 s' },
      { x: expect.closeTo(9 * slot), label: '1 min' },
      { x: expect.closeTo(12 * slot), label: '10 min' },
    ]);
  });

  it('keeps a line’s label inside the chart', () => {
    expect(labelBeside(10, 100)).toEqual({ x: 14, anchor: 'start' });
    expect(labelBeside(90, 100)).toEqual({ x: 86, anchor: 'end' });
  });
});
