import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  jobEndedFields,
  nextPollDelaySeconds,
  startAfterClaim,
  veoEtaMs,
  veoLatency,
  type JobError,
  type VideoOutput,
  type VideoTaskBody,
} from '@phoenix/core';
import type { TaskOutcome } from '../platform/task-route.ts';
import type { FinishedVideo } from './finish.ts';
import type { PollScheduler } from './poll-queue.ts';
import type { VideoEndResult, VideoJobStore, VideoJobView } from './job-store.ts';
import type { VeoClient, VeoPoll } from './veo.ts';

/**
 * How the worker waits for Veo. `poll-task`: each delivery looks once and
 * schedules the next look as a task of its own, so one slot serves many
 * operations. `held-slot`: the seed's design, one delivery holds its slot and
 * polls until the video is done.
 */
export type VideoWaitDesign = 'poll-task' | 'held-slot';

export interface VideoTaskDeps {
  jobs: VideoJobStore;
  veo: VeoClient;
  polls: PollScheduler;
  /** The first frame's bytes, from its public URL. */
  fetchImage(url: string): Promise<{ bytes: Buffer; mimeType: string }>;
  /** The MP4 behind a `gs://` or https URI (Veo with `storageUri`). */
  download(uri: string): Promise<Buffer>;
  finish(mp4: Buffer): Promise<FinishedVideo>;
  publish(uid: string, jobId: string, video: FinishedVideo): Promise<VideoOutput>;
  purge(uid: string, jobId: string): Promise<void>;
  /** The owner of a job, for a purge (which needs no lease: the draft is already discarded). */
  ownerOf(jobId: string): Promise<{ uid: string; discarded: boolean } | null>;
  design: VideoWaitDesign;
  /** Between looks in the held-slot design, in ms. */
  heldPollIntervalMs: number;
  /** Scales core's poll delays (tests shrink them); 100 means as core says. */
  pollDelayPercent: number;
  /** `Retry-After` when Veo is busy or down, in seconds. */
  modelRetryAfterSeconds: number;
  now?: () => number;
}

/** Past Veo's longest documented run (with slack for polls), an operation is given up: billed, not delivered. */
export const veoGiveUpMs = veoLatency.maxMs + 2 * 60_000;

const refusedPrompt: JobError = {
  code: 'safety_blocked',
  message: 'Veo refused this prompt under its safety rules. Try describing the scene differently.',
};
const filteredVideo: JobError = {
  code: 'safety_blocked',
  message: "Veo's safety filter removed the finished video. Try a different prompt or first frame.",
};
const timedOut: JobError = {
  code: 'timed_out',
  message: 'Veo did not finish this video in time. Try again; shorter videos finish sooner.',
};

/**
 * One delivery of a `videos` task: a purge, or one step of a job (submit,
 * one poll, or the finish). Each step holds the job's lease only while it
 * works and gives it back, so the next poll (or a redelivery) takes it.
 */
export async function handleVideoTask(deps: VideoTaskDeps, body: VideoTaskBody): Promise<TaskOutcome> {
  if (body.purge) return purge(deps, body.jobId);
  const now = deps.now ?? Date.now;
  const holder = randomUUID();
  const claimedAtMs = now();
  const claim = await deps.jobs.claim(body.jobId, holder, claimedAtMs, false);
  if (claim.kind === 'missing') return outcome(200, 'missing', 'WARNING', { reason: 'no such job' });
  if (claim.kind === 'finished') return outcome(200, 'skipped', 'INFO', { status: claim.status });
  if (claim.kind !== 'claimed') {
    const retryAfterSeconds = claim.kind === 'busy' ? Math.ceil(claim.retryAfterMs / 1000) : 5;
    return { ...outcome(409, 'busy', 'INFO', { poll: body.poll }), retryAfterSeconds };
  }
  const job = { ...claim.job, start: startAfterClaim(claim.job.start, claimedAtMs) };
  try {
    return job.operationName
      ? await pollOnce(deps, body.jobId, holder, job, body.poll ?? 0)
      : await submit(deps, body.jobId, holder, job);
  } catch (error) {
    await deps.jobs.release(body.jobId, holder).catch(() => {});
    if (isTransient(error)) {
      return {
        ...outcome(503, 'retry', 'WARNING', { reason: errorText(error) }),
        retryAfterSeconds: deps.modelRetryAfterSeconds,
      };
    }
    throw error;
  }
}

async function submit(
  deps: VideoTaskDeps,
  jobId: string,
  holder: string,
  job: VideoJobView,
): Promise<TaskOutcome> {
  const now = deps.now ?? Date.now;
  const firstFrame = job.sourceImage ? await deps.fetchImage(job.sourceImage.imageUrl) : null;
  let operationName: string;
  try {
    operationName = await deps.veo.submit(job.params, firstFrame);
  } catch (error) {
    if (isTransient(error)) throw error;
    // Veo refused the request itself: nothing started, nothing billed.
    const blocked = /sensitive|safety|violat|blocked/i.test(errorText(error));
    const recorded = await deps.jobs.fail(jobId, holder, blocked ? refusedPrompt : invalidRequest(error), 0);
    return outcome(200, 'failed', 'WARNING', {
      reason: errorText(error),
      ...jobEnded(deps, job, recorded, 'failed'),
    });
  }
  const submittedAtMs = now();
  if (!(await deps.jobs.recordOperation(jobId, holder, operationName, submittedAtMs))) {
    return outcome(200, 'superseded', 'ERROR', { orphanedOperation: operationName });
  }
  const started: VideoJobView = { ...job, operationName, submittedAtMs };
  if (deps.design === 'held-slot') return waitHoldingSlot(deps, jobId, holder, started);
  await deps.polls.schedule(jobId, 1, pollDelay(deps, 1, 0, null));
  await deps.jobs.release(jobId, holder);
  return outcome(200, 'submitted', 'INFO', { operation: operationName });
}

/** One look at the operation; the next look is a task of its own. */
async function pollOnce(
  deps: VideoTaskDeps,
  jobId: string,
  holder: string,
  job: VideoJobView,
  poll: number,
): Promise<TaskOutcome> {
  const look = await lookOnce(deps, jobId, holder, job);
  if ('httpStatus' in look) return look;
  const next = poll + 1;
  await deps.polls.schedule(jobId, next, pollDelay(deps, next, look.elapsedMs, look.elapsedMs + look.etaMs));
  await deps.jobs.release(jobId, holder);
  return outcome(200, 'polled', 'INFO', { poll, ...look });
}

/** The held-slot design: keep the lease and the slot, and look every `heldPollIntervalMs` until done. */
async function waitHoldingSlot(
  deps: VideoTaskDeps,
  jobId: string,
  holder: string,
  job: VideoJobView,
): Promise<TaskOutcome> {
  for (;;) {
    await sleep(deps.heldPollIntervalMs);
    if (!(await deps.jobs.renew(jobId, holder, (deps.now ?? Date.now)())).held) {
      return outcome(200, 'superseded', 'WARNING', {});
    }
    const look = await lookOnce(deps, jobId, holder, job);
    if ('httpStatus' in look) return look;
  }
}

/**
 * Polls the operation once: a done one is ended (see {@link end}), one past
 * {@link veoGiveUpMs} is failed, and one still running gets its progress
 * written and is answered with it.
 */
async function lookOnce(
  deps: VideoTaskDeps,
  jobId: string,
  holder: string,
  job: VideoJobView,
): Promise<TaskOutcome | { elapsedMs: number; etaMs: number }> {
  const result = await deps.veo.poll(job.operationName!);
  if (result.done) return end(deps, jobId, holder, job, result);
  const elapsedMs = (deps.now ?? Date.now)() - (job.submittedAtMs ?? 0);
  if (elapsedMs > veoGiveUpMs) {
    // Veo may still run and bill it: the budget settles the operation as spent.
    const recorded = await deps.jobs.fail(jobId, holder, timedOut, 1);
    return outcome(200, 'failed', 'WARNING', {
      reason: 'timed out',
      elapsedMs,
      ...jobEnded(deps, job, recorded, 'failed'),
    });
  }
  const etaMs = veoEtaMs(await deps.jobs.recentLatencies(job.params.model), elapsedMs);
  await deps.jobs.recordProgress(jobId, holder, 'generating', { elapsedMs, etaMs });
  return { elapsedMs, etaMs };
}

/** The operation is done: finish and store the video, or fail and refund the job once. */
async function end(
  deps: VideoTaskDeps,
  jobId: string,
  holder: string,
  job: VideoJobView,
  result: Extract<VeoPoll, { done: true }>,
): Promise<TaskOutcome> {
  if (result.kind === 'failed') {
    const error = result.blocked ? refusedPrompt : veoFailed(result.message);
    const recorded = await deps.jobs.fail(jobId, holder, error, 0);
    return outcome(200, 'failed', 'WARNING', {
      reason: result.message,
      ...jobEnded(deps, job, recorded, 'failed'),
    });
  }
  if (result.kind === 'filtered') {
    const recorded = await deps.jobs.fail(jobId, holder, filteredVideo, 0);
    return outcome(200, 'failed', 'WARNING', {
      reason: 'filtered',
      reasons: result.reasons,
      ...jobEnded(deps, job, recorded, 'failed'),
    });
  }
  const now = deps.now ?? Date.now;
  const latencyMs = now() - (job.submittedAtMs ?? now());
  const startedMs = now();
  await deps.jobs.recordProgress(jobId, holder, 'finalizing', null);
  const mp4 = result.bytes ?? (await deps.download(result.uri!));
  const finished = await deps.finish(mp4);
  const output = await deps.publish(job.uid, jobId, finished);
  const ended = await deps.jobs.succeed(jobId, holder, output, now() - startedMs + latencyMs, latencyMs);
  if (!ended.written) return outcome(200, 'superseded', 'WARNING', { status: ended.status });
  return outcome(200, 'succeeded', 'INFO', {
    latencyMs,
    bytes: output.bytes,
    durationSeconds: output.durationSeconds,
    ...jobEnded(deps, job, ended, 'succeeded'),
  });
}

async function purge(deps: VideoTaskDeps, jobId: string): Promise<TaskOutcome> {
  const owner = await deps.ownerOf(jobId);
  if (!owner) return outcome(200, 'missing', 'WARNING', { reason: 'no such job' });
  if (!owner.discarded) return outcome(200, 'skipped', 'WARNING', { reason: 'not discarded' });
  await deps.purge(owner.uid, jobId);
  return outcome(200, 'purged', 'INFO', {});
}

function pollDelay(deps: VideoTaskDeps, poll: number, elapsedMs: number, etaMs: number | null): number {
  return (nextPollDelaySeconds(poll, elapsedMs, etaMs) * deps.pollDelayPercent) / 100;
}

function veoFailed(message: string): JobError {
  return {
    code: 'model_unavailable',
    message: `Veo could not make this video (${message.slice(0, 200)}). Try again in a few minutes.`,
  };
}

function invalidRequest(error: unknown): JobError {
  return {
    code: 'invalid_argument',
    message: `Veo did not accept this request (${errorText(error).slice(0, 200)}).`,
  };
}

/** Veo busy (429) or down (5xx), or the network failed: the same step is retried later. */
function isTransient(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status === 429 || status >= 500;
  return error instanceof TypeError || /ECONN|ETIMEDOUT|socket|fetch failed/i.test(errorText(error));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `job_ended` fields, for the one delivery whose ending was written. */
function jobEnded(
  deps: VideoTaskDeps,
  job: VideoJobView,
  end: VideoEndResult,
  status: 'succeeded' | 'failed',
) {
  return end.written ? jobEndedFields('video', status, job.start, (deps.now ?? Date.now)()) : {};
}

function outcome(
  httpStatus: number,
  word: string,
  severity: TaskOutcome['severity'],
  details: Record<string, unknown>,
): TaskOutcome {
  return { httpStatus, outcome: word, severity, body: { outcome: word }, details };
}
