import {
  planFailure,
  planSuccess,
  type ImageRequest,
  type JobStart,
  type JobError,
  type JobStatus,
  type OutputRecords,
} from '@phoenix/core';
import {
  createLeaseStore,
  holdsLease,
  type LeaseDocuments,
  type LeaseView,
  type LeaseWrite,
} from '../platform/lease-store.ts';
import type { EndResult, ImageJobView, JobStore } from './job-store.ts';

/** One job as the in-memory store keeps it: its lease fields are the lease rules' own view. */
export interface MemoryJob extends LeaseView {
  uid: string;
  params: ImageRequest;
  outputRecords: OutputRecords;
  error: JobError | null;
  refundedTokens: number;
  /** As the claim reads it: the lease rules here do not set `startedAtMs`. */
  start: JobStart;
}

/**
 * The {@link JobStore} contract over a plain object, for unit tests of the
 * handler: the same lease rules as the Firestore store (the platform's) and
 * the same ending rules (core's), with every call counted. Integration tests
 * run the Firestore one.
 */
export class MemoryJobStore implements JobStore {
  readonly jobs = new Map<string, MemoryJob>();
  readonly calls: string[] = [];
  /** Makes the next `fail` throw, as a Firestore outage would. */
  failThrows = false;
  private readonly lease = createLeaseStore<MemoryJob, ImageJobView>(memoryDocuments(this.jobs), {
    toClaimed: (job) => ({
      uid: job.uid,
      params: job.params,
      outputRecords: { ...job.outputRecords },
      start: job.start,
    }),
  });

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
      start: { createdAtMs: 0, startedAtMs: null },
      ...job,
    };
    this.jobs.set(jobId, stored);
    return stored;
  }

  claim(...args: Parameters<JobStore['claim']>) {
    this.calls.push('claim');
    return this.lease.claim(...args);
  }

  renew(...args: Parameters<JobStore['renew']>) {
    this.calls.push('renew');
    return this.lease.renew(...args);
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

  leaveToHolder(...args: Parameters<JobStore['leaveToHolder']>) {
    this.calls.push('leave');
    return this.lease.leaveToHolder(...args);
  }

  release(...args: Parameters<JobStore['release']>) {
    this.calls.push('release');
    return this.lease.release(...args);
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
    return job && holdsLease(job, holder) ? job : undefined;
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
    return { status: job.status, kind: 'image' as const, params: job.params, cost };
  }

  private end(job: MemoryJob, status: JobStatus, error: JobError | null, refundTokens: number): EndResult {
    job.status = status;
    job.error = error;
    job.lease = null;
    job.refundedTokens = refundTokens;
    return { written: true, refundTokens };
  }
}

/** The jobs of a map as lease documents: a synchronous step is atomic already. */
function memoryDocuments(jobs: Map<string, MemoryJob>): LeaseDocuments<MemoryJob> {
  return {
    async transact(jobId, step) {
      const job = jobs.get(jobId);
      const { result, write } = step(job && { doc: job, view: job });
      if (job && write) applyLeaseWrite(job, write);
      return result;
    },
  };
}

function applyLeaseWrite(job: MemoryJob, write: LeaseWrite): void {
  switch (write.kind) {
    case 'claim':
      job.status = 'running';
      job.attempts = write.attempts;
      job.lease = { holder: write.holder, expiresAtMs: write.expiresAtMs };
      return;
    case 'renew':
      if (job.lease) job.lease = { ...job.lease, expiresAtMs: write.expiresAtMs };
      return;
    case 'leave':
      job.finalDeliveryAtMs = write.finalDeliveryAtMs;
      return;
    case 'release':
      job.lease = null;
  }
}
