import {
  jobLeaseMs,
  planDelivery,
  planFailure,
  planSuccess,
  type ImageRequest,
  type JobError,
  type JobStatus,
  type OutputRecords,
} from '@phoenix/core';
import type { ClaimResult, EndResult, JobStore } from './job-store.ts';

/** One job as the in-memory store keeps it. */
export interface MemoryJob {
  uid: string;
  params: ImageRequest;
  status: JobStatus;
  attempts: number;
  lease: { holder: string; expiresAtMs: number } | null;
  finalDeliveryAtMs: number | null;
  outputRecords: OutputRecords;
  error: JobError | null;
  refundedTokens: number;
}

/**
 * The {@link JobStore} contract over a plain object, for unit tests of the
 * handler: the same lease and ending rules as the Firestore store (both ask
 * core), with every call counted. Integration tests run the Firestore one.
 */
export class MemoryJobStore implements JobStore {
  readonly jobs = new Map<string, MemoryJob>();
  readonly calls: string[] = [];
  /** Makes the next `fail` throw, as a Firestore outage would. */
  failThrows = false;

  add(jobId: string, job: Partial<MemoryJob> & Pick<MemoryJob, 'params'>): MemoryJob {
    const stored: MemoryJob = {
      uid: 'u1',
      status: 'queued',
      attempts: 0,
      lease: null,
      finalDeliveryAtMs: null,
      outputRecords: {},
      error: null,
      refundedTokens: 0,
      ...job,
    };
    this.jobs.set(jobId, stored);
    return stored;
  }

  async claim(jobId: string, holder: string, nowMs: number, finalDelivery: boolean): Promise<ClaimResult> {
    this.calls.push('claim');
    const job = this.jobs.get(jobId);
    if (!job) return { kind: 'missing' };
    const plan = planDelivery(job, holder, nowMs, finalDelivery);
    if (plan.action === 'skip') return { kind: 'finished', status: job.status };
    if (plan.action === 'busy') return { kind: 'busy', retryAfterMs: plan.retryAfterMs };
    if (plan.action === 'wait') return { kind: 'wait', untilMs: plan.untilMs };
    job.status = 'running';
    job.attempts += 1;
    job.lease = { holder, expiresAtMs: nowMs + jobLeaseMs };
    return {
      kind: 'claimed',
      job: {
        uid: job.uid,
        params: job.params,
        attempts: job.attempts,
        outputRecords: { ...job.outputRecords },
        lastDeliverySeen: job.finalDeliveryAtMs !== null || finalDelivery,
      },
    };
  }

  async renew(jobId: string, holder: string, nowMs: number) {
    this.calls.push('renew');
    const job = this.held(jobId, holder);
    if (!job?.lease) return { held: false as const };
    job.lease.expiresAtMs = nowMs + jobLeaseMs;
    return { held: true as const, lastDeliverySeen: job.finalDeliveryAtMs !== null };
  }

  async recordOutputs(
    jobId: string,
    holder: string,
    records: Readonly<Record<number, OutputRecords[string]>>,
  ) {
    this.calls.push('record');
    const job = this.held(jobId, holder);
    if (!job) return { held: false as const };
    for (const [index, record] of Object.entries(records)) {
      job.outputRecords = { [index]: record, ...job.outputRecords };
    }
    return { held: true as const, records: { ...job.outputRecords } };
  }

  async leaveToHolder(jobId: string, nowMs: number) {
    this.calls.push('leave');
    const job = this.jobs.get(jobId);
    if (job?.status !== 'running' || !job.lease || job.lease.expiresAtMs <= nowMs) return false;
    job.finalDeliveryAtMs = nowMs;
    return true;
  }

  async release(jobId: string, holder: string) {
    this.calls.push('release');
    const job = this.held(jobId, holder);
    if (!job) return 'lost' as const;
    if (job.finalDeliveryAtMs !== null) return 'last-delivery' as const;
    job.lease = null;
    return 'released' as const;
  }

  async succeed(jobId: string, holder: string): Promise<EndResult> {
    this.calls.push('succeed');
    const job = this.held(jobId, holder);
    if (!job) return { written: false, status: this.jobs.get(jobId)?.status ?? null };
    const ending = planSuccess(jobId, this.endable(job), job.outputRecords, 0);
    return this.end(job, ending.status, null, ending.refundTokens);
  }

  async fail(jobId: string, holder: string, error: JobError): Promise<EndResult> {
    this.calls.push('fail');
    if (this.failThrows) throw new Error('DEADLINE_EXCEEDED');
    const job = this.held(jobId, holder);
    if (!job) return { written: false, status: this.jobs.get(jobId)?.status ?? null };
    const ending = planFailure(jobId, this.endable(job), error);
    return this.end(job, ending.status, error, ending.refundTokens);
  }

  private held(jobId: string, holder: string): MemoryJob | undefined {
    const job = this.jobs.get(jobId);
    return job?.status === 'running' && job.lease?.holder === holder ? job : undefined;
  }

  /** One token per requested output, so refunds are easy to read in tests. */
  private endable(job: MemoryJob) {
    const tokens = job.params.count;
    const cost = {
      tokens,
      reservedMicroUsd: tokens * 1000,
      tokensSettled: null,
      settledMicroUsd: null,
      tokensRefunded: 0,
    };
    return { status: job.status, params: job.params, cost };
  }

  private end(job: MemoryJob, status: JobStatus, error: JobError | null, refundTokens: number): EndResult {
    job.status = status;
    job.error = error;
    job.lease = null;
    job.refundedTokens = refundTokens;
    return { written: true, refundTokens };
  }
}
