import type { JobDoc, JobError, JobOutput, LedgerKind } from './documents.ts';
import { ledgerEntryIds } from './firestore-paths.ts';
import { assertTransition, type JobStatus } from './job-status.ts';
import { settleImageJob } from './pricing.ts';

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
    outputs?: JobOutput[];
    filteredCount?: number;
    processingTimeMs?: number | null;
    lease: null;
    cost: JobDoc['cost'];
  };
  /** Tokens to give back; 0 books no ledger entry. */
  refundTokens: number;
  refundLedgerId: string;
}

type EndableJob = Pick<JobDoc, 'status' | 'cost' | 'params'>;

export function planFailure(jobId: string, job: EndableJob, error: JobError): JobEnding {
  assertTransition(job.status, 'failed');
  return refundAll(jobId, job, 'failed', error);
}

export function planCancel(jobId: string, job: EndableJob): JobEnding {
  assertTransition(job.status, 'canceled');
  return refundAll(jobId, job, 'canceled', null);
}

/**
 * A job that produced `outputs.length` of the requested images. Filtered
 * outputs are refunded; zero outputs is a failure, not a success.
 */
export function planSuccess(
  jobId: string,
  job: EndableJob,
  outputs: JobOutput[],
  processingTimeMs: number,
): JobEnding {
  assertTransition(job.status, 'succeeded');
  if (outputs.length === 0) throw new Error('planSuccess needs at least one output; use planFailure');
  const { charged, refundTokens } = settleImageJob(job.params.model, job.params.count, outputs.length);
  return {
    status: 'succeeded',
    jobPatch: {
      status: 'succeeded',
      error: null,
      outputs,
      filteredCount: job.params.count - outputs.length,
      processingTimeMs,
      lease: null,
      cost: {
        ...job.cost,
        tokensSettled: charged.tokens,
        usdSettled: charged.usd,
        tokensRefunded: refundTokens,
      },
    },
    refundTokens,
    refundLedgerId: ledgerEntryIds.refund(jobId),
  };
}

function refundAll(jobId: string, job: EndableJob, status: JobStatus, error: JobError | null): JobEnding {
  return {
    status,
    jobPatch: {
      status,
      error,
      lease: null,
      cost: { ...job.cost, tokensSettled: 0, usdSettled: 0, tokensRefunded: job.cost.tokens },
    },
    refundTokens: job.cost.tokens,
    refundLedgerId: ledgerEntryIds.refund(jobId),
  };
}

/** The ledger line for a token movement. `tokens` is signed: debits are negative. */
export function ledgerEntry(
  kind: LedgerKind,
  tokens: number,
  balanceAfter: number,
  jobId: string | null,
  reason: string,
): { kind: LedgerKind; tokens: number; balanceAfter: number; jobId: string | null; reason: string } {
  return { kind, tokens, balanceAfter, jobId, reason };
}
