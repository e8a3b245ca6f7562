/**
 * Geometry and words of the Ops tab's charts: latency histograms over the
 * rollup's log-spaced buckets, and meters of a value against its alert line.
 * Pure: the components only draw what these return.
 */
import type { LatencyHistogram } from '@phoenix/core';

export interface ChartSize {
  /** In SVG user units. */
  width: number;
  height: number;
}

export interface HistogramBar {
  /** Left edge and top, in SVG user units; y grows downwards. */
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  /** The bucket, e.g. `≤ 1 s` or `> 10 min`. */
  label: string;
}

/** Space between bars, as a share of a bucket's slot. */
const BAR_GAP = 0.15;

/** `850 ms`, `2.5 s`, `10 min`: a latency at the precision a person reads a chart at. */
export function formatMs(ms: number): string {
  const oneDecimal = (value: number) => String(Number(value.toFixed(1)));
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${oneDecimal(ms / 1_000)} s`;
  return `${oneDecimal(ms / 60_000)} min`;
}

/** The bucket at `index` of `bucketUpperMs`, the one past the last being the open-ended one. */
export function bucketLabel(index: number, bucketUpperMs: readonly number[]): string {
  const upper = bucketUpperMs[index];
  return upper === undefined ? `> ${formatMs(bucketUpperMs.at(-1) ?? 0)}` : `≤ ${formatMs(upper)}`;
}

/**
 * One bar per bucket, equally wide (the buckets are log-spaced, so the axis
 * is too), heights in proportion to the fullest bucket; an empty bucket has
 * no height.
 */
export function histogramBars(
  histogram: Pick<LatencyHistogram, 'counts'>,
  bucketUpperMs: readonly number[],
  size: ChartSize,
): HistogramBar[] {
  const slot = size.width / histogram.counts.length;
  const fullest = Math.max(1, ...histogram.counts);
  return histogram.counts.map((count, index) => {
    const height = (count / fullest) * size.height;
    return {
      x: index * slot + (slot * BAR_GAP) / 2,
      y: size.height - height,
      width: slot * (1 - BAR_GAP),
      height,
      count,
      label: bucketLabel(index, bucketUpperMs),
    };
  });
}

/**
 * Where `ms` falls on a histogram's axis, in SVG user units: inside its
 * bucket's slot, placed on a log scale between the bucket's bounds. A bound
 * itself falls on the edge between two bars. The first bucket reads as
 * starting one step below its bound, and the open one as ending one step
 * past the last, each step the ratio of the neighbouring bounds.
 */
export function msToX(ms: number, bucketUpperMs: readonly number[], width: number): number {
  const buckets = bucketUpperMs.length + 1;
  const slot = width / buckets;
  const first = bucketUpperMs[0] ?? 1;
  const last = bucketUpperMs.at(-1) ?? first;
  const step = (a: number | undefined, b: number | undefined) => (a && b ? b / a : 2);
  const found = bucketUpperMs.findIndex((upper) => ms <= upper);
  const index = found === -1 ? bucketUpperMs.length : found;
  const lower = index === 0 ? first / step(first, bucketUpperMs[1]) : bucketUpperMs[index - 1]!;
  const upper = bucketUpperMs[index] ?? last * step(bucketUpperMs.at(-2), last);
  const within = ms <= lower ? 0 : Math.min(1, Math.log(ms / lower) / Math.log(upper / lower));
  return (index + within) * slot;
}

/** Whether `value` is past its alert line: strictly above it, as the alerts read (`p95 > 1 s`). */
export function crossesLine(value: number | null, line: number): boolean {
  return value !== null && value > line;
}

export interface MeterScale {
  /** The value's and the line's share of the meter's length, 0 to 1. */
  value: number;
  line: number;
}

/**
 * A meter long enough for twice the alert line, or for the value when it is
 * further still, so the line sits mid-meter until it is left behind.
 */
export function meterScale(value: number, line: number): MeterScale {
  const full = Math.max(line * 2, value, Number.MIN_VALUE);
  return { value: Math.max(0, value) / full, line: line / full };
}

export interface AxisTick {
  x: number;
  label: string;
}

/** Latencies the axis names, where the chart's bounds reach them: one a decade or so. */
const AXIS_TICK_MS = [100, 1_000, 10_000, 60_000, 600_000];

/** Ticks under a histogram, each on the edge its latency falls on. */
export function axisTicks(bucketUpperMs: readonly number[], width: number): AxisTick[] {
  return AXIS_TICK_MS.filter((ms) => bucketUpperMs.includes(ms)).map((ms) => ({
    x: msToX(ms, bucketUpperMs, width),
    label: formatMs(ms),
  }));
}

export interface LabelPlacement {
  x: number;
  anchor: 'start' | 'end';
}

/** A label beside a vertical line at `x`: to its right, or to its left near the right edge, so it stays inside. */
export function labelBeside(x: number, width: number, gap = 4): LabelPlacement {
  return x > width * 0.7 ? { x: x - gap, anchor: 'end' } : { x: x + gap, anchor: 'start' };
}
