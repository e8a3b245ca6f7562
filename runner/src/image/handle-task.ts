import { randomUUID } from 'node:crypto';
import {
  deliveryWorkBudgetMs,
  errorCodes,
  finalDeliveryWaitMs,
  isFinalAttempt,
  jobEndedFields,
  leaseRenewIntervalMs,
  modelCallTimeoutMs,
  startAfterClaim,
  type ErrorCode,
  type JobError,
  type JobStart,
} from '@phoenix/core';
import { claimOrWait } from '../platform/lease-store.ts';
import type { Severity } from '../platform/log.ts';
import type { TaskDelivery, TaskOutcome } from '../platform/task-route.ts';
import type { ImageGenerator } from './generate.ts';
import type { JobStore } from './job-store.ts';
import type { MediaStore } from '../storage/media-store.ts';
import type { RenderedImage } from './render.ts';
import { workOnJob, type WorkResult } from './work-outputs.ts';

/** Shown when the model answered but its output filter removed every image. */
export const allOutputsFilteredMessage =
  'The safety filter removed every image this prompt produced. Rephrase it and try again.';

/** Time limits of one delivery, in ms; each defaults to core's (see delivery-limits.ts). */
export interface DeliveryLimits {
  workBudgetMs: number;
  leaseRenewIntervalMs: number;
  finalDeliveryWaitMs: number;
  modelCallTimeoutMs: number;
}

export const defaultDeliveryLimits: DeliveryLimits = {
  workBudgetMs: deliveryWorkBudgetMs,
  leaseRenewIntervalMs,
  finalDeliveryWaitMs,
  modelCallTimeoutMs,
};

export interface ImageTaskDeps {
  jobs: JobStore;
  generator: ImageGenerator;
  media: MediaStore;
  /** The `images` queue's `maxAttempts` (−1 unlimited), to recognise the last delivery. */
  queueMaxAttempts: number;
  /** `Retry-After` when the model is busy or down, in seconds. */
  modelRetryAfterSeconds: number;
  /** Encodes one model output. Default: `renderImage`. */
  render?: (bytes: Buffer) => Promise<RenderedImage>;
  /** Epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Default {@link defaultDeliveryLimits}; tests shorten them. */
  limits?: Partial<DeliveryLimits>;
}

/** One delivery of an `images` task: the platform's delivery, for one job. */
export interface ImageTaskDelivery extends TaskDelivery {
  jobId: string;
}

/**
 * One delivery of an `images` task: take the job's lease, make the outputs
 * earlier deliveries did not store, and end the job in one transaction. Every
 * path either ends the job (with its refund) or answers non-2xx with the lease
 * released, so Cloud Tasks tries again; the last delivery always ends the job
 * or leaves it to a live holder that knows it must, so no one stays charged
 * for nothing.
 */
export async function handleImageTask(
  deps: ImageTaskDeps,
  delivery: ImageTaskDelivery,
): Promise<TaskOutcome> {
  const now = deps.now ?? Date.now;
  const limits = { ...defaultDeliveryLimits, ...deps.limits };
  const { jobId } = delivery;
  // Fresh per delivery: a twin delivery of the same task must not pass for this one.
  const holder = randomUUID();
  const finalDelivery = isFinalAttempt(delivery.retryCount, deps.queueMaxAttempts);

  const claim = await claimOrWait(deps.jobs, jobId, holder, {
    finalDelivery,
    now,
    waitMs: limits.finalDeliveryWaitMs,
    signal: delivery.signal,
  });
  if (claim.kind === 'missing') {
    return {
      httpStatus: 404,
      body: { error: { code: 'not_found', message: `No job ${jobId}` } },
      outcome: 'missing',
      severity: 'ERROR',
    };
  }
  if (claim.kind === 'finished') {
    return {
      httpStatus: 200,
      body: { jobId, outcome: 'skipped', jobStatus: claim.status },
      outcome: 'skipped',
      severity: 'INFO',
      details: { jobStatus: claim.status },
    };
  }
  if (claim.kind === 'left') {
    return {
      httpStatus: 200,
      body: { jobId, outcome: 'left' },
      outcome: 'left',
      severity: 'INFO',
      details: { reason: 'last delivery left the job to its live holder' },
    };
  }
  if (claim.kind === 'busy') {
    // 429 rather than 409: Cloud Tasks considers Retry-After on 429, so the twin
    // comes back when the lease runs out instead of burning its attempts.
    return {
      httpStatus: 429,
      retryAfterSeconds: Math.max(1, Math.ceil(claim.retryAfterMs / 1000)),
      body: { error: { code: 'job_busy', message: `Job ${jobId} is being worked on by another delivery` } },
      outcome: 'busy',
      severity: 'WARNING',
    };
  }

  const startedMs = now();
  const result = await workOnJob({ ...deps, now, limits }, delivery, holder, claim.job, finalDelivery);
  return settle(deps, jobId, holder, result, now() - startedMs, startAfterClaim(claim.job.start, startedMs));
}

/** Turns what the work came to into the job's ending, or a request to come back. */
async function settle(
  deps: ImageTaskDeps,
  jobId: string,
  holder: string,
  result: WorkResult,
  elapsedMs: number,
  start: JobStart,
): Promise<TaskOutcome> {
  const details = result.details;
  const now = deps.now ?? Date.now;
  const ended = (outcome: 'succeeded' | 'failed', written: boolean, extra: Record<string, unknown>) => ({
    httpStatus: 200,
    body: { jobId, outcome: written ? outcome : 'superseded', ...extra },
    outcome: written ? outcome : 'superseded',
    severity: (outcome === 'failed' && written ? 'WARNING' : 'INFO') as Severity,
    // Only the delivery that wrote the ending logs `job_ended`, so each job has one.
    details: { ...details, ...extra, ...(written ? jobEndedFields('image', outcome, start, now()) : {}) },
  });
  const fail = async (error: JobError): Promise<TaskOutcome> => {
    try {
      const end = await deps.jobs.fail(jobId, holder, error, elapsedMs);
      return ended('failed', end.written, {
        error,
        errorCode: error.code,
        refundedTokens: end.written ? end.refundTokens : 0,
      });
    } catch (storeError) {
      return retryLater(500, `recording the failure failed: ${(storeError as Error).message}`);
    }
  };
  const succeed = async (): Promise<TaskOutcome> => {
    try {
      const end = await deps.jobs.succeed(jobId, holder, elapsedMs);
      return ended('succeeded', end.written, { refundedTokens: end.written ? end.refundTokens : 0 });
    } catch (storeError) {
      return retryLater(500, `recording the success failed: ${(storeError as Error).message}`);
    }
  };
  /** Ends the job with what it has: its stored images, or the failure when it has none. */
  const endWith = (code: ErrorCode, message: string = errorCodes[code].message) =>
    result.storedImages > 0 ? succeed() : fail({ code, message });
  const retryLater = async (httpStatus: 500 | 503, cause: string): Promise<TaskOutcome> => {
    // Best effort: if it fails too, the lease simply runs out.
    const released = await deps.jobs.release(jobId, holder).catch(() => 'released' as const);
    if (released === 'last-delivery') return endWith(httpStatus === 503 ? 'model_unavailable' : 'internal');
    if (released === 'lost') return ended('succeeded', false, { cause });
    return {
      httpStatus,
      ...(httpStatus === 503 ? { retryAfterSeconds: deps.modelRetryAfterSeconds } : {}),
      body: {
        error: {
          code: httpStatus === 503 ? 'model_unavailable' : 'internal',
          message: httpStatus === 503 ? errorCodes.model_unavailable.message : errorCodes.internal.message,
        },
      },
      outcome: 'retry',
      severity: 'WARNING',
      details: { ...details, cause },
    };
  };

  switch (result.kind) {
    case 'lost-lease':
      return ended('succeeded', false, { cause: 'another delivery took the job over' });
    case 'complete':
      return endWith('safety_blocked', allOutputsFilteredMessage);
    case 'blocked':
      return endWith('safety_blocked');
    case 'fatal':
      return endWith(result.code);
    case 'abandoned':
      if (result.lastDelivery) return endWith('overloaded');
      return { ...(await retryLater(503, 'the instance is shutting down')), outcome: 'retry' };
    case 'retryable':
      if (result.lastDelivery) return endWith(result.storageFailed ? 'internal' : 'model_unavailable');
      return retryLater(result.storageFailed ? 500 : 503, result.cause);
  }
}
