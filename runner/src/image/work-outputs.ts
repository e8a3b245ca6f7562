import {
  classifyModelFailure,
  filteredOutputCount,
  missingOutputIndexes,
  postIdFor,
  storedImages,
  type ErrorCode,
  type OutputRecord,
  type OutputRecords,
} from '@phoenix/core';
import type { ModelCallError, OutputResult } from './generate.ts';
import type { DeliveryLimits, ImageTaskDelivery, ImageTaskDeps } from './handle-task.ts';
import type { ClaimedJob } from './job-store.ts';
import { publishOutput } from './publish.ts';
import { renderImage } from './render.ts';

/** What one delivery's work came to; `settle` in handle-task.ts turns it into the job's ending. */
export type WorkResult =
  /** Another delivery holds the job now: it owns the ending. */
  (
    | { kind: 'lost-lease' }
    /** Every output is stored or filtered. */
    | { kind: 'complete' }
    /** The input filter refused the prompt: no retry can help. */
    | { kind: 'blocked' }
    /** A model failure no retry can fix. */
    | { kind: 'fatal'; code: ErrorCode }
    /** The instance gave up on its work (a drain out of time). */
    | { kind: 'abandoned'; lastDelivery: boolean }
    /** Outputs are missing for reasons a later delivery may not meet. */
    | { kind: 'retryable'; lastDelivery: boolean; storageFailed: boolean; cause: string }
  ) & {
    /** Images the job now has stored, from this delivery and earlier ones. */
    storedImages: number;
    /** For the log line. */
    details: Record<string, unknown>;
  };

type WorkDeps = ImageTaskDeps & { now: () => number; limits: DeliveryLimits };

/**
 * Makes the job's missing outputs. Each output is rendered, uploaded and
 * recorded on the job as soon as the model returns it, so one failed call
 * (a 429 among four) costs only its own output: a retry makes just the
 * missing ones. The lease is renewed while this runs; losing it, running past
 * the work budget, or the instance giving up aborts the model calls.
 */
export async function workOnJob(
  deps: WorkDeps,
  delivery: ImageTaskDelivery,
  holder: string,
  job: ClaimedJob,
  finalDelivery: boolean,
): Promise<WorkResult> {
  const { jobId } = delivery;
  const attempt = job.attempts;
  const render = deps.render ?? renderImage;
  let records: OutputRecords = job.outputRecords;
  let lastDelivery = finalDelivery || job.lastDeliverySeen;
  const lost = new AbortController();
  const signal = AbortSignal.any([
    lost.signal,
    AbortSignal.timeout(deps.limits.workBudgetMs),
    ...(delivery.signal ? [delivery.signal] : []),
  ]);

  const heartbeat = setInterval(() => {
    deps.jobs.renew(jobId, holder, deps.now()).then(
      (lease) => {
        if (!lease.held) lost.abort();
        else if (lease.lastDeliverySeen) lastDelivery = true;
      },
      // A renewal that fails is retried on the next beat; the lease outlasts a few.
      () => {},
    );
  }, deps.limits.leaseRenewIntervalMs);

  const missing = missingOutputIndexes(job.params.count, records);
  const failures: ModelCallError[] = [];
  const storageErrors: string[] = [];
  const filteredReasons: string[] = [];
  let blockedReason: string | null = null;
  // One record write at a time: concurrent transactions on one job would only contend.
  let recording = Promise.resolve();
  // Model calls that returned an image are billed by Vertex whatever happens
  // next; they ride on the next record write (or a last one) to the job.
  let unrecordedBilledCalls = 0;
  const record = (index: number | null, outputRecord?: OutputRecord) => {
    recording = recording
      .then(() => {
        const billedCalls = unrecordedBilledCalls;
        unrecordedBilledCalls = 0;
        const records = index === null || !outputRecord ? {} : { [index]: outputRecord };
        return deps.jobs.recordOutputs(jobId, holder, records, billedCalls).catch((error: unknown) => {
          unrecordedBilledCalls += billedCalls;
          throw error;
        });
      })
      .then(
        (recorded) => {
          if (recorded.held) records = recorded.records;
          else lost.abort();
        },
        (error: unknown) => {
          storageErrors.push(`recording output ${index ?? 'billing'}: ${(error as Error).message}`);
        },
      );
    return recording;
  };
  const handleOutput = async (result: OutputResult) => {
    if (result.kind === 'failed') return void failures.push(result.error);
    if (result.kind === 'blocked') return void (blockedReason = result.reason);
    if (result.kind === 'filtered') {
      filteredReasons.push(result.reason);
      return record(result.index, { kind: 'filtered', attempt, reason: result.reason });
    }
    unrecordedBilledCalls += 1;
    try {
      const output = await publishOutput(
        deps.media,
        job.uid,
        postIdFor(jobId, result.index),
        attempt,
        await render(result.bytes),
      );
      await record(result.index, { kind: 'image', attempt, output });
    } catch (error) {
      storageErrors.push(`output ${result.index}: ${(error as Error).message}`);
    }
  };

  try {
    const results = deps.generator.generate(job.params, missing, {
      signal,
      callTimeoutMs: deps.limits.modelCallTimeoutMs,
    });
    await Promise.all(results.map(async (result) => handleOutput(await result)));
    await recording;
    if (unrecordedBilledCalls > 0) await record(null);
  } finally {
    clearInterval(heartbeat);
  }

  const stillMissing = missingOutputIndexes(job.params.count, records);
  const base = {
    storedImages: storedImages(records).length,
    details: {
      attempt,
      outputs: storedImages(records).length,
      filtered: filteredOutputCount(records),
      reused: job.params.count - missing.length,
      made: missing.length - stillMissing.length,
      missing: stillMissing.length,
      ...(filteredReasons.length > 0 ? { filteredReasons } : {}),
      ...(failures.length > 0
        ? { modelFailures: failures.map((e) => `${e.status ?? '-'}: ${e.message}`) }
        : {}),
      ...(storageErrors.length > 0 ? { storageErrors } : {}),
      ...(blockedReason === null ? {} : { blockedReason }),
    },
  };
  if (lost.signal.aborted) return { kind: 'lost-lease', ...base };
  if (stillMissing.length === 0) return { kind: 'complete', ...base };
  if (blockedReason !== null) return { kind: 'blocked', ...base };
  if (delivery.signal?.aborted) return { kind: 'abandoned', lastDelivery, ...base };
  const fatal = failures
    .map((failure) => classifyModelFailure(failure.status, failure.message))
    .find((decision) => decision.action === 'fail');
  if (fatal?.action === 'fail') return { kind: 'fatal', code: fatal.code, ...base };
  const cause = [
    ...failures.map((failure) => `model ${failure.status ?? 'unreachable'}: ${failure.message}`),
    ...storageErrors,
  ].join('; ');
  return {
    kind: 'retryable',
    lastDelivery,
    storageFailed: failures.length === 0,
    cause: cause || 'outputs missing',
    ...base,
  };
}
