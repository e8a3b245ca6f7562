import type { HistogramBucket, LatencySummary } from './histogram.ts';
import { metricLabels, metrics, thresholds, type Metric } from './report.ts';

/** What the chart needs of one rate's run. */
export interface ChartRate {
  rate: number;
  metrics: Record<Metric, { summary: LatencySummary; buckets: HistogramBucket[] }>;
}

/** Display bars per tenfold of latency. */
export const binsPerDecade = 5;
const panel = { width: 250, height: 150, left: 20, right: 20, top: 34, bottom: 22, gap: 10 } as const;

/** The latency range every panel shares, whole decades, always showing the 1 s line with room around it. */
export function latencyRange(rates: readonly ChartRate[]): { lowMs: number; highMs: number } {
  const buckets = rates.flatMap((rate) => metrics.flatMap((metric) => rate.metrics[metric].buckets));
  const lowest = Math.min(100, ...buckets.map((bucket) => Math.max(bucket.lowerMs, 0.1)));
  const highest = Math.max(10 * thresholds.p95Ms, ...buckets.map((bucket) => bucket.upperMs));
  return {
    lowMs: 10 ** Math.floor(Math.log10(lowest)),
    highMs: 10 ** Math.ceil(Math.log10(highest)),
  };
}

/** Where a latency falls on a log axis of `width` from lowMs to highMs, clamped to its ends. */
export function logPosition(ms: number, lowMs: number, highMs: number, width: number): number {
  const clamped = Math.min(highMs, Math.max(lowMs, ms));
  return (Math.log10(clamped / lowMs) / Math.log10(highMs / lowMs)) * width;
}

/**
 * The histogram's fine buckets regrouped into bars of equal width on the log
 * axis, each bucket counted in the bar holding its midpoint.
 */
export function displayBins(buckets: readonly HistogramBucket[], lowMs: number, highMs: number): number[] {
  const bars = Math.round(Math.log10(highMs / lowMs) * binsPerDecade);
  const counts = Array.from({ length: bars }, () => 0);
  for (const bucket of buckets) {
    const middle = Math.max(lowMs, Math.min(highMs, (bucket.lowerMs + bucket.upperMs) / 2));
    const index = Math.min(bars - 1, Math.floor(Math.log10(middle / lowMs) * binsPerDecade));
    counts[index]! += bucket.count;
  }
  return counts;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (value: number) => Math.round(value * 10) / 10;
const figure = (ms: number) =>
  !Number.isFinite(ms)
    ? '—'
    : ms < 1000
      ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms`
      : `${(ms / 1000).toFixed(1)} s`;
const decadeLabel = (ms: number) => (ms < 1000 ? `${ms} ms` : `${ms / 1000} s`);

/** One panel per metric per rate (rates down, metrics across), log latency axis, the 1 s line drawn. */
export function renderHistogramsSvg(rates: readonly ChartRate[]): string {
  const { lowMs, highMs } = latencyRange(rates);
  const plotWidth = panel.width - panel.left - panel.right;
  const plotHeight = panel.height - panel.top - panel.bottom;
  const width = metrics.length * (panel.width + panel.gap) + panel.gap;
  const height = rates.length * (panel.height + panel.gap) + panel.gap + 24;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${panel.gap}" y="16" font-size="12" font-weight="bold">Latency histograms (log axis; dashed red: the ${thresholds.p95Ms / 1000} s line; orange: p95)</text>`,
  ];
  rates.forEach((rate, row) => {
    metrics.forEach((metric, column) => {
      const x = panel.gap + column * (panel.width + panel.gap);
      const y = 24 + panel.gap + row * (panel.height + panel.gap);
      const { summary, buckets } = rate.metrics[metric];
      const bins = displayBins(buckets, lowMs, highMs);
      const tallest = Math.max(1, ...bins);
      const barWidth = plotWidth / bins.length;
      const left = x + panel.left;
      const bottom = y + panel.top + plotHeight;
      parts.push(
        `<g class="panel" data-metric="${metric}" data-rate="${rate.rate}">`,
        `<rect x="${x}" y="${y}" width="${panel.width}" height="${panel.height}" fill="none" stroke="#ccc"/>`,
        `<text x="${x + 6}" y="${y + 13}" font-weight="bold">${escape(metricLabels[metric])} @ ${rate.rate}/s</text>`,
        `<text x="${x + 6}" y="${y + 26}" fill="#444">n ${summary.count} · p50 ${figure(summary.p50)} · p95 ${figure(summary.p95)} · p99 ${figure(summary.p99)}</text>`,
      );
      bins.forEach((count, index) => {
        if (count === 0) return;
        const barHeight = (count / tallest) * plotHeight;
        parts.push(
          `<rect class="bar" x="${round(left + index * barWidth)}" y="${round(bottom - barHeight)}" width="${round(barWidth - 1)}" height="${round(barHeight)}" fill="#4a78b5"/>`,
        );
      });
      if (summary.count === 0)
        parts.push(
          `<text x="${left + plotWidth / 2}" y="${bottom - plotHeight / 2}" text-anchor="middle" fill="#888">no samples</text>`,
        );
      parts.push(`<line x1="${left}" y1="${bottom}" x2="${left + plotWidth}" y2="${bottom}" stroke="#333"/>`);
      for (let decade = lowMs; decade <= highMs * 1.0001; decade *= 10) {
        const tick = round(left + logPosition(decade, lowMs, highMs, plotWidth));
        parts.push(
          `<line x1="${tick}" y1="${bottom}" x2="${tick}" y2="${bottom + 3}" stroke="#333"/>`,
          `<text x="${tick}" y="${bottom + 13}" text-anchor="middle" fill="#333">${decadeLabel(Number(decade.toPrecision(6)))}</text>`,
        );
      }
      const line = round(left + logPosition(thresholds.p95Ms, lowMs, highMs, plotWidth));
      parts.push(
        `<line class="threshold" x1="${line}" y1="${y + panel.top}" x2="${line}" y2="${bottom}" stroke="#d33" stroke-dasharray="4 3"/>`,
      );
      if (summary.count > 0) {
        const p95 = round(left + logPosition(summary.p95, lowMs, highMs, plotWidth));
        parts.push(
          `<line class="p95" x1="${p95}" y1="${y + panel.top}" x2="${p95}" y2="${bottom}" stroke="#e8902a"/>`,
        );
      }
      parts.push('</g>');
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
