import { randomUUID } from 'node:crypto';
import {
  classifyModelFailure,
  errorCodes,
  isFinalAttempt,
  type ErrorCode,
  type JobError,
} from '@phoenix/core';
import { ModelCallError, type ImageGenerator } from './generate.ts';
import type { JobStore } from './job-store.ts';
import type { Severity } from './log.ts';
import { publishOutputs, type MediaStore } from './publish.ts';
import { renderImage, type RenderedImage } from './render.ts';

/** Shown when the model answered but its output filter removed every image. */
export const allOutputsFilteredMessage =
  'The safety filter removed every image this prompt produced. Rephrase it and try again.';

export interface ImageTaskDeps {
  jobs: JobStore;
  generator: ImageGenerator;
  media: MediaStore;
  /** The `images` queue's `maxAttempts` (−1 unlimited), to recognise the last delivery. */
  queueMaxAttempts: number;
  /** `Retry-After` when the model is busy or down, in seconds. */
  modelRetryAfterSeconds: number;
  /** Encodes one model output. Default: {@link renderImage}. */
  render?: (bytes: Buffer) => Promise<RenderedImage>;
  /** Epoch ms. Default `Date.now`. */
  now?: () => number;
}

export interface TaskDelivery {
  jobId: string;
  /** `X-CloudTasks-TaskRetryCount`: 0 on the first delivery. */
  retryCount: number;
}

/** What happened to one delivery, as HTTP and as a log line. */
export interface TaskOutcome {
  httpStatus: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  body: Record<string, unknown>;
  /** One word for dashboards: succeeded, failed, skipped, superseded, busy, retry, missing. */
  outcome: string;
  severity: Severity;
  /** Extra fields for the log line. */
  details?: Record<string, unknown>;
}

/**
 * One delivery of an `images` task: take the job's lease, call the model,
 * encode, upload, and end the job in one transaction. Every path either ends
 * the job (with its refund) or answers non-2xx with the lease released, so
 * Cloud Tasks tries again; the last allowed delivery always ends the job, so
 * no one stays charged for nothing.
 */
export async function handleImageTask(deps: ImageTaskDeps, delivery: TaskDelivery): Promise<TaskOutcome> {
  const now = deps.now ?? Date.now;
  const render = deps.render ?? renderImage;
  const { jobId } = delivery;
  // Fresh per delivery: a twin delivery of the same task must not pass for this one.
  const holder = randomUUID();
  const startedMs = now();
  const finalAttempt = isFinalAttempt(delivery.retryCount, deps.queueMaxAttempts);

  const claim = await deps.jobs.claim(jobId, holder, startedMs);
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
  if (claim.kind === 'busy') {
    // 429 rather than 409: Cloud Tasks honours Retry-After on 429, so the twin
    // comes back when the lease runs out instead of burning its attempts.
    return {
      httpStatus: 429,
      retryAfterSeconds: Math.max(1, Math.ceil(claim.retryAfterMs / 1000)),
      body: { error: { code: 'job_busy', message: `Job ${jobId} is being worked on by another delivery` } },
      outcome: 'busy',
      severity: 'WARNING',
    };
  }

  const { job } = claim;
  const elapsed = () => now() - startedMs;
  const end = async (error: JobError, cause: string): Promise<TaskOutcome> => {
    let result;
    try {
      result = await deps.jobs.fail(jobId, holder, error, elapsed());
    } catch (storeError) {
      // The ending did not land (the transaction is all or nothing): try again later.
      return retryLater(500, `${cause}; recording the failure failed: ${(storeError as Error).message}`);
    }
    return {
      httpStatus: 200,
      body: { jobId, outcome: result.written ? 'failed' : 'superseded', error },
      outcome: result.written ? 'failed' : 'superseded',
      severity: result.written ? 'WARNING' : 'INFO',
      details: { errorCode: error.code, cause, refundedTokens: result.written ? result.refundTokens : 0 },
    };
  };
  const failWith = (code: ErrorCode, cause: string, message: string = errorCodes[code].message) =>
    end({ code, message }, cause);
  const retryLater = async (httpStatus: 500 | 503, cause: string): Promise<TaskOutcome> => {
    // Best effort: if it fails too, the lease simply runs out.
    await deps.jobs.release(jobId, holder).catch(() => {});
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
      details: { cause },
    };
  };

  let generated;
  try {
    generated = await deps.generator.generate(job.params);
  } catch (error) {
    if (!(error instanceof ModelCallError)) throw error;
    const decision = classifyModelFailure(error.status, error.message);
    const cause = `model ${error.status ?? 'unreachable'}: ${error.message}`;
    if (decision.action === 'retry') {
      return finalAttempt ? failWith('model_unavailable', cause) : retryLater(503, cause);
    }
    return failWith(decision.code, cause);
  }

  if (generated.images.length === 0) {
    return generated.promptBlockedReason !== null
      ? failWith('safety_blocked', `prompt blocked: ${generated.promptBlockedReason}`)
      : failWith('safety_blocked', 'every output filtered', allOutputsFilteredMessage);
  }

  try {
    const rendered = await Promise.all(generated.images.map((bytes) => render(bytes)));
    const published = await publishOutputs(deps.media, job.uid, jobId, rendered);
    const result = await deps.jobs.succeed(jobId, holder, published, elapsed());
    return {
      httpStatus: 200,
      body: {
        jobId,
        outcome: result.written ? 'succeeded' : 'superseded',
        outputs: published.length,
        refundedTokens: result.written ? result.refundTokens : 0,
      },
      outcome: result.written ? 'succeeded' : 'superseded',
      severity: 'INFO',
      details: {
        outputs: published.length,
        filtered: job.params.count - published.length,
        refundedTokens: result.written ? result.refundTokens : 0,
      },
    };
  } catch (error) {
    const cause = `after the model: ${(error as Error).message}`;
    return finalAttempt ? failWith('internal', cause) : retryLater(500, cause);
  }
}
