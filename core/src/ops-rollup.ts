import type { TimeLike } from './documents.ts';
import type { ErrorCode } from './errors.ts';
import { jobKindNames, jobKinds, type JobKind } from './job-kinds.ts';
import type { JobStatus } from './job-status.ts';
import { jobEndedFields, queueDepthAlertThresholds, serverFaultCodes } from './telemetry.ts';

/**
 * The admin console's Ops health: latency histograms, the job error rate and
 * queue depths over the jobs of the last hour. A scheduled rollup computes
 * one `ops/latest` document a minute, so the console reads one small document
 * instead of every job; everything it decides lives here.
 *
 * Accept latency here runs from the call's start to its commit (the job's
 * `acceptStartedAtMs` to `createdAt`): the enqueue after the commit, a few
 * ms, and refused calls, which make no job, are only in the `job_accepted`
 * log lines (telemetry.ts) and their metric.
 */

/** How often the rollup runs, as Cloud Scheduler reads it; the console is at most this stale. */
export const opsSchedule = 'every 1 minutes';

/**
 * Jobs created this long before the rollup are the ones it reads, in ms.
 * Longer than any job may stay unfinished (the image and video deadlines are
 * under 30 minutes, and the sweeper ends an overdue job within 10 more), so
 * every queued or running job is among them while the sweeper runs.
 */
export const opsWindowMs = 60 * 60_000;

/**
 * Upper bounds of the latency buckets, in ms: 100 ms to 10 min, each bound
 * 2 to 3 times the one before (log-spaced, at values people read at a
 * glance). 1 s, the p95 alert line, is a bound, so the line falls between two
 * bars. A sample counts in the first bucket whose bound it does not exceed;
 * one past the last bound counts in an extra, open-ended bucket.
 */
export const opsBucketUpperMs: readonly number[] = [
  100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000,
];

/**
 * The seed's alert lines. `p95Ms` and `errorRate` are the accept alerts of
 * monitoring/policies, reused as the console's warning lines; each queue's
 * depth line is the queue-depth alert's (telemetry.ts).
 */
export const opsAlertLines = {
  p95Ms: 1_000,
  errorRate: 0.01,
} as const;

/** A job as the rollup sees it: plain values, times in epoch ms. */
export interface OpsJob {
  kind: JobKind;
  status: JobStatus;
  createdAtMs: number;
  /** When its accept call began; null on jobs from before it was kept. */
  acceptStartedAtMs: number | null;
  /** When a delivery first took the job; null while it never was. */
  startedAtMs: number | null;
  finishedAtMs: number | null;
  /** The code of a failed job's error; null when it has none. */
  errorCode: ErrorCode | null;
}

export interface LatencyHistogram {
  /** Samples per bucket of {@link OpsRollupDoc.bucketUpperMs}, then one for those past the last bound. */
  counts: number[];
  /** All samples. */
  count: number;
  /** Nearest-rank percentiles of the exact samples, in whole ms; null without samples. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface OpsErrors {
  /** Jobs that reached `succeeded` or `failed`. */
  ended: number;
  /** Ended jobs that failed with a server fault (see {@link isServerFault}). */
  serverFaults: number;
  /** `serverFaults / ended`; null when nothing ended. */
  rate: number | null;
  /** Every failure by its error code (`unknown` when the job has none), server fault or not. */
  failuresByCode: Partial<Record<ErrorCode | 'unknown', number>>;
}

export interface OpsThresholds {
  p95Ms: number;
  errorRate: number;
  /** Queued jobs per kind past which its queue's depth alert line is crossed. */
  queueDepth: Record<JobKind, number>;
}

export interface OpsRollupDoc<Time = TimeLike> {
  /** The window's start (inclusive) and end: jobs created between them were read. */
  from: Time;
  to: Time;
  computedAt: Time;
  /** Kept on the document so a chart never needs core's copy of the bounds. */
  bucketUpperMs: number[];
  /** Accept call → committed, every job, per kind. */
  accept: Record<JobKind, LatencyHistogram>;
  /** Created → finished, succeeded jobs, per kind. */
  pipeline: Record<JobKind, LatencyHistogram>;
  /** Created → first taken by a delivery, ended jobs that were taken, per kind. */
  queueWait: Record<JobKind, LatencyHistogram>;
  errors: OpsErrors;
  /** Jobs `queued` now, per kind. */
  queueDepth: Record<JobKind, number>;
  /** Jobs `running` now, per kind: beside the depth, so a full queue reads against the work in hand. */
  running: Record<JobKind, number>;
  thresholds: OpsThresholds;
  jobsScanned: number;
}

/** The document without its times, which the caller stamps in its SDK's own type. */
export type OpsRollup = Omit<OpsRollupDoc, 'from' | 'to' | 'computedAt'>;

/**
 * Whether a failure is Phoenix's fault: the codes telemetry counts against
 * the accept error rate (internal, overloaded, queue_unavailable,
 * model_unavailable, timed_out). A safety block, a cancel or a limit is the
 * request's outcome, not an error. A failed job with no error code is a bug,
 * so it counts, as an unexpected throw counts as `internal` at the accept.
 */
export function isServerFault(errorCode: ErrorCode | null): boolean {
  return errorCode === null || serverFaultCodes.includes(errorCode);
}

/** The nearest-rank `p`th percentile (0 < p ≤ 100) of samples sorted ascending; null when empty. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The histogram of `samples` (ms) over `bucketUpperMs`. */
export function latencyHistogram(
  samples: readonly number[],
  bucketUpperMs: readonly number[] = opsBucketUpperMs,
): LatencyHistogram {
  const counts = new Array<number>(bucketUpperMs.length + 1).fill(0);
  for (const sample of samples) {
    const bucket = bucketUpperMs.findIndex((upper) => sample <= upper);
    counts[bucket === -1 ? bucketUpperMs.length : bucket]! += 1;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    counts,
    count: sorted.length,
    p50Ms: nearestRank(sorted, 50),
    p95Ms: nearestRank(sorted, 95),
    p99Ms: nearestRank(sorted, 99),
  };
}

/** Each job kind's queue-depth line, from the alert on the queue it runs on. */
export function opsQueueDepthThresholds(): Record<JobKind, number> {
  const lines: Readonly<Record<string, number>> = queueDepthAlertThresholds;
  return perKind((kind) => {
    const queue = jobKinds[kind].queue.name;
    const line = lines[queue];
    if (line === undefined) throw new Error(`The ${queue} queue has no depth alert line in telemetry.ts.`);
    return line;
  });
}

/**
 * The rollup of `jobs` (the caller picks the window). The latencies are the
 * ones every `job_ended` log line carries (telemetry's `jobEndedFields`), so
 * the console and the log-based metric agree: pipeline over succeeded jobs,
 * queue wait over every ended job a delivery took. A job still running counts
 * in neither until it ends; a canceled one is in no series, since it ended
 * by its owner's choice before any work.
 */
export function opsRollupOf(jobs: Iterable<OpsJob>): OpsRollup {
  const accept = perKind((): number[] => []);
  const pipeline = perKind((): number[] => []);
  const queueWait = perKind((): number[] => []);
  const queueDepth = perKind(() => 0);
  const running = perKind(() => 0);
  const failuresByCode: OpsErrors['failuresByCode'] = {};
  let ended = 0;
  let serverFaults = 0;
  let jobsScanned = 0;

  for (const job of jobs) {
    jobsScanned += 1;
    if (typeof job.acceptStartedAtMs === 'number')
      accept[job.kind].push(Math.max(0, job.createdAtMs - job.acceptStartedAtMs));
    if (job.status === 'queued') queueDepth[job.kind] += 1;
    if (job.status === 'running') running[job.kind] += 1;
    if (job.status !== 'succeeded' && job.status !== 'failed') continue;
    ended += 1;
    if (job.status === 'failed') {
      const code = job.errorCode ?? 'unknown';
      failuresByCode[code] = (failuresByCode[code] ?? 0) + 1;
      if (isServerFault(job.errorCode)) serverFaults += 1;
    }
    // An ended job always has its finish time; one written without it has no latency to tell.
    if (job.finishedAtMs === null) continue;
    const fields = jobEndedFields(job.kind, job.status, job, job.finishedAtMs);
    if (job.status === 'succeeded') pipeline[job.kind].push(fields.pipelineMs);
    if (fields.queueMs !== undefined) queueWait[job.kind].push(fields.queueMs);
  }

  return {
    bucketUpperMs: [...opsBucketUpperMs],
    accept: perKind((kind) => latencyHistogram(accept[kind])),
    pipeline: perKind((kind) => latencyHistogram(pipeline[kind])),
    queueWait: perKind((kind) => latencyHistogram(queueWait[kind])),
    errors: { ended, serverFaults, rate: ended === 0 ? null : serverFaults / ended, failuresByCode },
    queueDepth,
    running,
    thresholds: { ...opsAlertLines, queueDepth: opsQueueDepthThresholds() },
    jobsScanned,
  };
}

function perKind<T>(make: (kind: JobKind) => T): Record<JobKind, T> {
  return Object.fromEntries(jobKindNames.map((kind) => [kind, make(kind)])) as Record<JobKind, T>;
}
