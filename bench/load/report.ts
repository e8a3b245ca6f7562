import { opsAlertLines } from '@phoenix/core';
import { LogLinearHistogram, type HistogramBucket, type LatencySummary } from './histogram.ts';
import { operations, type Operation } from './mix.ts';
import { achievedRate } from './schedule.ts';

/** The latencies a run measures, each its own histogram. */
export const metrics = ['accept', 'imageDone', 'videoDone', 'likeSeen', 'feedPaint', 'adminRead'] as const;
export type Metric = (typeof metrics)[number];

export const metricLabels: Record<Metric, string> = {
  accept: 'accept (image + video)',
  imageDone: 'dispatch → done, image',
  videoDone: 'dispatch → done, video',
  likeSeen: 'like → seen',
  feedPaint: 'feed first paint',
  adminRead: 'admin read',
};

/**
 * The seed's lines (core's `opsAlertLines`, which the accept alerts of
 * monitoring/ use): p95 above 1 s and errors above 1 %. A video takes Veo's
 * tens of seconds by design, so its done time is reported without the line.
 */
export const thresholds = { p95Ms: opsAlertLines.p95Ms, errorRate: opsAlertLines.errorRate } as const;
const withoutLatencyLine: ReadonlySet<Metric> = new Set(['videoDone']);

/** Why a due arrival was not issued. */
export type SkipReason = 'request-cap' | 'no-idle-post';

/** Collects one rate's measurements as the run goes. */
export class RateRecorder {
  readonly histograms = Object.fromEntries(
    metrics.map((metric) => [metric, new LogLinearHistogram()]),
  ) as Record<Metric, LogLinearHistogram>;
  readonly attempts = Object.fromEntries(operations.map((operation) => [operation, 0])) as Record<
    Operation,
    number
  >;
  readonly failures = Object.fromEntries(operations.map((operation) => [operation, {}])) as Record<
    Operation,
    Record<string, number>
  >;
  readonly skipped: Partial<Record<SkipReason, number>> = {};
  readonly issuedAtMs: number[] = [];
  readonly lateness = new LogLinearHistogram();

  latency(metric: Metric, ms: number): void {
    this.histograms[metric].record(ms);
  }

  issued(operation: Operation, atMs: number, dueMs: number): void {
    this.attempts[operation] += 1;
    this.issuedAtMs.push(atMs);
    this.lateness.record(atMs - dueMs);
  }

  failed(operation: Operation, code: string): void {
    const codes = this.failures[operation];
    codes[code] = (codes[code] ?? 0) + 1;
  }

  skip(reason: SkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }
}

export interface OperationReport {
  attempts: number;
  errors: number;
  /** errors / attempts; 0 without attempts. */
  errorRate: number;
  codes: Record<string, number>;
}

export interface RateReport {
  rate: number;
  durationSeconds: number;
  scheduled: number;
  issued: number;
  skipped: Partial<Record<SkipReason, number>>;
  achievedRate: number;
  /** How late arrivals left against their due time: the load generator's own health. */
  lateness: LatencySummary;
  metrics: Record<Metric, { summary: LatencySummary; buckets: HistogramBucket[] }>;
  operations: Record<Operation, OperationReport>;
  total: OperationReport;
  marks: string[];
}

export function rateReport(
  recorder: RateRecorder,
  run: { rate: number; durationSeconds: number; scheduled: number; startMs: number },
): RateReport {
  const operationReport = (attempts: number, codes: Record<string, number>): OperationReport => {
    const errors = Object.values(codes).reduce((sum, count) => sum + count, 0);
    return { attempts, errors, errorRate: attempts === 0 ? 0 : errors / attempts, codes };
  };
  const byOperation = Object.fromEntries(
    operations.map((operation) => [
      operation,
      operationReport(recorder.attempts[operation], recorder.failures[operation]),
    ]),
  ) as Record<Operation, OperationReport>;
  const allCodes: Record<string, number> = {};
  for (const operation of operations) {
    for (const [code, count] of Object.entries(recorder.failures[operation]))
      allCodes[code] = (allCodes[code] ?? 0) + count;
  }
  const report: Omit<RateReport, 'marks'> = {
    rate: run.rate,
    durationSeconds: run.durationSeconds,
    scheduled: run.scheduled,
    issued: recorder.issuedAtMs.length,
    skipped: { ...recorder.skipped },
    achievedRate: achievedRate(recorder.issuedAtMs, run.startMs, run.rate),
    lateness: recorder.lateness.summary(),
    metrics: Object.fromEntries(
      metrics.map((metric) => [
        metric,
        { summary: recorder.histograms[metric].summary(), buckets: recorder.histograms[metric].buckets() },
      ]),
    ) as RateReport['metrics'],
    operations: byOperation,
    total: operationReport(recorder.issuedAtMs.length, allCodes),
  };
  return { ...report, marks: marksFor(report) };
}

/** The mark a latency earns, or '' when it stays within the line (or has no line). */
export function latencyMark(metric: Metric, summary: LatencySummary): string {
  if (withoutLatencyLine.has(metric) || summary.count === 0) return '';
  return summary.p95 > thresholds.p95Ms ? `⚠ p95 > ${thresholds.p95Ms / 1000} s` : '';
}

export function errorMark(operation: OperationReport): string {
  return operation.errorRate > thresholds.errorRate ? `⚠ errors > ${thresholds.errorRate * 100}%` : '';
}

/** Every line one rate crossed, each naming what crossed it. */
export function marksFor(report: Omit<RateReport, 'marks'>): string[] {
  const marks: string[] = [];
  for (const metric of metrics) {
    const mark = latencyMark(metric, report.metrics[metric].summary);
    if (mark) marks.push(`${mark}: ${metricLabels[metric]}`);
  }
  for (const operation of operations) {
    const mark = errorMark(report.operations[operation]);
    if (mark) marks.push(`${mark}: ${operation}`);
  }
  const totalMark = errorMark(report.total);
  if (totalMark) marks.push(`${totalMark}: all operations`);
  if (report.achievedRate < report.rate * 0.95)
    marks.push(`⚠ achieved ${report.achievedRate.toFixed(2)}/s < 95% of ${report.rate}/s`);
  const skipped = Object.values(report.skipped).reduce((sum, count) => sum + count, 0);
  if (skipped > 0) marks.push(`⚠ ${skipped} arrivals not issued`);
  return marks;
}

export interface GrowthRow {
  metric: Metric;
  quantile: 'p50' | 'p95';
  /** One per rate, lowest rate first; ratio to the lowest rate's value, null where either is missing. */
  byRate: { rate: number; ms: number; ratio: number | null }[];
}

/** How each latency's p50 and p95 grow with the rate, against the lowest rate. */
export function growth(reports: readonly RateReport[]): GrowthRow[] {
  const sorted = [...reports].sort((a, b) => a.rate - b.rate);
  const base = sorted[0];
  if (!base) return [];
  return metrics.flatMap((metric) =>
    (['p50', 'p95'] as const).map((quantile) => {
      const baseMs = base.metrics[metric].summary[quantile];
      return {
        metric,
        quantile,
        byRate: sorted.map((report) => {
          const ms = report.metrics[metric].summary[quantile];
          const ratio = Number.isFinite(ms) && Number.isFinite(baseMs) && baseMs > 0 ? ms / baseMs : null;
          return { rate: report.rate, ms, ratio };
        }),
      };
    }),
  );
}
