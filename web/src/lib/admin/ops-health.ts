/**
 * The Ops tab's health view: `ops/latest` as the console reads it, and the
 * words it says about it (freshness, each chart's text alternative). Pure.
 */
import {
  isServerFault,
  jobKindNames,
  opsAlertLines,
  opsQueueDepthThresholds,
  type ErrorCode,
  type JobKind,
  type LatencyHistogram,
  type OpsErrors,
  type OpsRollup,
  type OpsRollupDoc,
} from '@phoenix/core';
import { crossesLine, formatMs } from './ops-charts.ts';
import { formatPercent } from './spend-view.ts';

/** The rollup as the console holds it: the document, its times read as epoch ms. */
export interface OpsView extends OpsRollup {
  fromMs: number;
  toMs: number;
  computedAtMs: number;
}

export type OpsTimes = Pick<OpsView, 'fromMs' | 'toMs' | 'computedAtMs'>;

/**
 * Past this age the rollup, which runs every minute, has missed several runs,
 * so the console says the figures are old instead of passing them off as live.
 */
export const OPS_STALE_AFTER_MS = 3 * 60_000;

const emptyHistogram = (buckets: number): LatencyHistogram => ({
  counts: new Array<number>(buckets).fill(0),
  count: 0,
  p50Ms: null,
  p95Ms: null,
  p99Ms: null,
});

/**
 * The view of a stored rollup, with its times read by the caller. A field a
 * document lacks (one written before the field existed) reads as empty, and
 * missing lines as core's, so a chart never fails on an older document.
 */
export function toOpsView(data: Partial<OpsRollupDoc>, times: OpsTimes): OpsView {
  const bucketUpperMs = data.bucketUpperMs ?? [];
  const perKind = <T>(pick: (kind: JobKind) => T | undefined, fallback: (kind: JobKind) => T) =>
    Object.fromEntries(jobKindNames.map((kind) => [kind, pick(kind) ?? fallback(kind)])) as Record<
      JobKind,
      T
    >;
  const histograms = (stored: Partial<Record<JobKind, LatencyHistogram>> | undefined) =>
    perKind(
      (kind) => stored?.[kind],
      () => emptyHistogram(bucketUpperMs.length + 1),
    );
  const queueDepthLines = opsQueueDepthThresholds();
  return {
    ...times,
    bucketUpperMs,
    accept: histograms(data.accept),
    pipeline: histograms(data.pipeline),
    queueWait: histograms(data.queueWait),
    errors: data.errors ?? { ended: 0, serverFaults: 0, rate: null, failuresByCode: {} },
    queueDepth: perKind(
      (kind) => data.queueDepth?.[kind],
      () => 0,
    ),
    running: perKind(
      (kind) => data.running?.[kind],
      () => 0,
    ),
    thresholds: {
      p95Ms: data.thresholds?.p95Ms ?? opsAlertLines.p95Ms,
      errorRate: data.thresholds?.errorRate ?? opsAlertLines.errorRate,
      queueDepth: perKind(
        (kind) => data.thresholds?.queueDepth?.[kind],
        (kind) => queueDepthLines[kind],
      ),
    },
    jobsScanned: data.jobsScanned ?? 0,
  };
}

/** `updated 12 s ago`, `updated 3 min ago`; a time slightly ahead of this device's clock is 0 s. */
export function updatedAgo(computedAtMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - computedAtMs) / 1_000));
  if (seconds < 60) return `updated ${seconds} s ago`;
  if (seconds < 3_600) return `updated ${Math.floor(seconds / 60)} min ago`;
  return `updated ${Math.floor(seconds / 3_600)} h ago`;
}

export function isStale(computedAtMs: number, nowMs: number): boolean {
  return nowMs - computedAtMs > OPS_STALE_AFTER_MS;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A histogram's text alternative: its size, percentiles and where p95 stands against the line. */
export function histogramSummary(title: string, histogram: LatencyHistogram, p95LineMs: number): string {
  if (histogram.count === 0 || histogram.p95Ms === null) return `${title}: no jobs in the window.`;
  const percentiles = (['p50Ms', 'p95Ms', 'p99Ms'] as const)
    .map((key) => `${key.slice(0, 3)} ${formatMs(histogram[key] ?? 0)}`)
    .join(', ');
  const side = crossesLine(histogram.p95Ms, p95LineMs) ? 'above' : 'within';
  return `${title}: ${plural(histogram.count, 'job')}; ${percentiles}; p95 ${side} the ${formatMs(p95LineMs)} alert line.`;
}

/** The error rate in words, with the counts it comes from. */
export function errorRateSummary(errors: OpsErrors, line: number): string {
  if (errors.rate === null) return 'Error rate: no jobs ended in the window.';
  const side = crossesLine(errors.rate, line) ? 'above' : 'within';
  return `Error rate ${formatPercent(errors.rate)}: ${plural(errors.serverFaults, 'server fault')} in ${plural(errors.ended, 'ended job')}; ${side} the ${formatPercent(line)} alert line.`;
}

/** A queue's depth in words, against its line. */
export function depthSummary(kind: JobKind, queued: number, running: number, line: number): string {
  const side = crossesLine(queued, line) ? 'above' : 'within';
  return `${kindLabel(kind)} queue: ${queued} queued, ${running} running; ${side} the alert line of ${line}.`;
}

export interface FailureLine {
  code: ErrorCode | 'unknown';
  count: number;
  /** Counted in the error rate (see core's `isServerFault`). */
  serverFault: boolean;
}

/** Each failure code with its count, most first (ties by code), and whether it counts as an error. */
export function failureLines(failuresByCode: OpsErrors['failuresByCode']): FailureLine[] {
  return Object.entries(failuresByCode)
    .map(([code, count]) => ({
      code: code as FailureLine['code'],
      count: count ?? 0,
      serverFault: isServerFault(code === 'unknown' ? null : (code as ErrorCode)),
    }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

export function kindLabel(kind: JobKind): string {
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
}
