import type { JobDoc, JobError, JobOutput, LedgerKind, VideoOutput } from './documents.ts';
import { ledgerEntryIds } from './firestore-paths.ts';
import { filteredOutputCount, storedImages, type OutputRecords } from './job-outputs.ts';
import { outputsAsked, type KindAndParams } from './job-kinds.ts';
import { assertTransition, type JobStatus } from './job-status.ts';
import type { LedgerReason } from './ledger-reasons.ts';

type JobCost = JobDoc['cost'];

/**
 * How a job ends, as data: the job fields to write and the refund to book.
 * Adapters apply a plan in the same transaction that read the job, so the
 * status change and the refund land together or not at all. Each plan asserts
 * the transition first, which is what makes a refund happen at most once: a
 * job that already ended cannot end again.
 */
export interface JobEnding {
  status: JobStatus;
  jobPatch: {
    status: JobStatus;
    error: JobError | null;
    outputs?: JobOutput[] | VideoOutput[];
    filteredCount?: number;
    processingTimeMs?: number | null;
    lease: null;
    cost: JobCost;
  };
  /** Tokens to give back; 0 books no ledger entry. */
  refundTokens: number;
  refundLedgerId: string;
  /** Why, for the ledger line. */
  refundReason: LedgerReason;
}

/** Any kind of job; its kind says how many outputs it asked for. */
type EndableJob = Pick<JobDoc, 'status' | 'cost'> & KindAndParams;

export function planFailure(jobId: string, job: EndableJob, error: JobError): JobEnding {
  assertTransition(job.status, 'failed');
  return refundAll(jobId, job, 'failed', error, { code: 'job_failed', error: error.code });
}

export function planCancel(jobId: string, job: EndableJob): JobEnding {
  assertTransition(job.status, 'canceled');
  return refundAll(jobId, job, 'canceled', null, { code: 'job_canceled' });
}

/**
 * A job that delivered the stored images among its output records; whatever
 * was filtered or never made is refunded. Zero images is a failure, not a
 * success.
 */
export function planSuccess(
  jobId: string,
  job: EndableJob,
  records: OutputRecords,
  processingTimeMs: number,
): JobEnding {
  assertTransition(job.status, 'succeeded');
  const outputs = storedImages(records).map(({ dominantColor: _dominantColor, ...output }) => output);
  if (outputs.length === 0) throw new Error('planSuccess needs at least one output; use planFailure');
  const settlement = settleFromQuote(job.cost, outputsAsked(job), outputs.length);
  return {
    status: 'succeeded',
    jobPatch: {
      status: 'succeeded',
      error: null,
      outputs,
      filteredCount: filteredOutputCount(records),
      processingTimeMs,
      lease: null,
      cost: { ...job.cost, ...settlement },
    },
    refundTokens: settlement.tokensRefunded,
    refundLedgerId: ledgerEntryIds.refund(jobId),
    refundReason: { code: 'outputs_undelivered', undelivered: outputsAsked(job) - outputs.length },
  };
}

/**
 * A video job that delivered its video: it costs what it was debited, and
 * the budget settles the one Veo operation Vertex billed.
 */
export function planVideoSuccess(
  jobId: string,
  job: EndableJob,
  output: VideoOutput,
  processingTimeMs: number,
): JobEnding {
  assertTransition(job.status, 'succeeded');
  const settlement = settleFromQuote({ ...job.cost, billedCalls: 1 }, 1, 1);
  return {
    status: 'succeeded',
    jobPatch: {
      status: 'succeeded',
      error: null,
      outputs: [output],
      filteredCount: 0,
      processingTimeMs,
      lease: null,
      cost: { ...job.cost, billedCalls: 1, ...settlement },
    },
    refundTokens: 0,
    refundLedgerId: ledgerEntryIds.refund(jobId),
    refundReason: { code: 'outputs_undelivered', undelivered: 0 },
  };
}

/**
 * What a job that delivered `delivered` of `requested` outputs finally costs,
 * from its own quote (what it was debited), never from today's catalogue: a
 * price change while the job ran cannot move its refund. The undelivered
 * share is refunded, rounded down, so refunded + settled = debited and the
 * refund never exceeds the debit.
 *
 * USD is what Vertex billed us, which the user's refund does not change: a
 * job that counts `billedCalls` settles one output's price per billed call,
 * over every attempt (a retried call is paid again, so it can pass the
 * reservation). A job from before that count settles its delivered share.
 */
export function settleFromQuote(
  cost: Pick<JobCost, 'tokens' | 'reservedMicroUsd' | 'billedCalls'>,
  requested: number,
  delivered: number,
): Pick<JobCost, 'tokensSettled' | 'settledMicroUsd' | 'tokensRefunded'> {
  if (!Number.isInteger(requested) || requested < 1)
    throw new RangeError(`requested must be ≥ 1: ${requested}`);
  const undelivered = requested - Math.max(0, Math.min(delivered, requested));
  const tokensRefunded = Math.floor((cost.tokens * undelivered) / requested);
  const microUsdReleased = Math.floor((cost.reservedMicroUsd * undelivered) / requested);
  return {
    tokensSettled: cost.tokens - tokensRefunded,
    settledMicroUsd:
      cost.billedCalls === undefined
        ? cost.reservedMicroUsd - microUsdReleased
        : Math.floor((cost.reservedMicroUsd * cost.billedCalls) / requested),
    tokensRefunded,
  };
}

function refundAll(
  jobId: string,
  job: EndableJob,
  status: JobStatus,
  error: JobError | null,
  refundReason: LedgerReason,
): JobEnding {
  return {
    status,
    jobPatch: {
      status,
      error,
      lease: null,
      cost: { ...job.cost, ...settleFromQuote(job.cost, outputsAsked(job), 0) },
    },
    refundTokens: job.cost.tokens,
    refundLedgerId: ledgerEntryIds.refund(jobId),
    refundReason,
  };
}

/** The ledger line for a token movement. `tokens` is signed: debits are negative. */
export function ledgerEntry(
  kind: LedgerKind,
  tokens: number,
  balanceAfter: number,
  jobId: string | null,
  reason: LedgerReason,
): { kind: LedgerKind; tokens: number; balanceAfter: number; jobId: string | null; reason: LedgerReason } {
  return { kind, tokens, balanceAfter, jobId, reason };
}
