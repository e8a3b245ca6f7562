import type { z } from 'zod';
import { catalogueFrom, type StoredModelsConfig } from './catalogue.ts';
import { createImageJobRequestSchema, reusedRequestId, type AcceptPlan } from './create-request.ts';
import type { ImageJobDoc, JobDoc, VideoJobDoc } from './documents.ts';
import { imageRequestDefaults, imageRequestSchema, type ImageRequest } from './image-request.ts';
import { imageQueue } from './image-task.ts';
import { imageJobDeadlineMs } from './job-deadline.ts';
import { quoteImageJob, type Quote } from './pricing.ts';
import { quoteVideoJob, videoCatalogueFrom } from './video-catalogue.ts';
import {
  createVideoJobRequestSchema,
  videoRequestDefaults,
  videoRequestSchema,
  type VideoRequest,
} from './video-request.ts';
import { videoJobDeadlineMs, videoQueue } from './video-task.ts';

/** A Cloud Tasks queue's settings, as created locally and configured in deploy. */
export interface QueueSettings {
  readonly name: string;
  readonly maxAttempts: number;
  readonly minBackoffSeconds: number;
  readonly maxBackoffSeconds: number;
  readonly maxDoublings: number;
  readonly maxConcurrentDispatches: number;
  readonly maxDispatchesPerSecond: number;
  readonly dispatchDeadlineSeconds: number;
}

/** What the shared machinery (accept, replay, settlement, the sweeper, the queues) knows of one kind. */
export interface JobKindSpec<Job extends JobDoc, Params, RequestSchema extends z.ZodType = z.ZodType> {
  /** The Cloud Tasks queue its jobs run on. */
  queue: QueueSettings;
  /** From creation; past it the sweeper ends a job that is still not terminal. */
  deadlineMs: number;
  /** What the kind's create callable takes (the params, plus `requestId` and the kind's extras). */
  requestSchema: RequestSchema;
  /** The params a job stores. */
  paramsSchema: z.ZodType<Params>;
  /** Fills a stored job's params from before a field existed, so a replay compares like with like. */
  paramsDefaults: Params extends object ? Partial<Params> : never;
  /** What the caller asked for, which a job may have been run differently from (a degraded model). */
  askedParams(job: Job): Params;
  /** The price in the live catalogue (`config/models`, admin edits included). */
  quote(params: Params, models: StoredModelsConfig | undefined): Quote;
  /** The outputs a job asks for; settlement refunds the ones not delivered, and none has more. */
  outputsAsked(params: Params): number;
}

const image: JobKindSpec<ImageJobDoc, ImageRequest, typeof createImageJobRequestSchema> = {
  queue: imageQueue,
  deadlineMs: imageJobDeadlineMs,
  requestSchema: createImageJobRequestSchema,
  paramsSchema: imageRequestSchema,
  paramsDefaults: imageRequestDefaults,
  // A job the budget moved to a cheaper model was asked for with the model it names as degradedFrom.
  askedParams: (job) =>
    job.degradedFrom ? { ...job.params, model: job.degradedFrom as ImageRequest['model'] } : job.params,
  quote: (params, models) => quoteImageJob(params, catalogueFrom(models)),
  outputsAsked: (params) => params.count,
};

const video: JobKindSpec<VideoJobDoc, VideoRequest, typeof createVideoJobRequestSchema> = {
  queue: videoQueue,
  deadlineMs: videoJobDeadlineMs,
  requestSchema: createVideoJobRequestSchema,
  paramsSchema: videoRequestSchema,
  paramsDefaults: videoRequestDefaults,
  askedParams: (job) => job.params,
  quote: (params, models) => quoteVideoJob(params, videoCatalogueFrom(models)),
  outputsAsked: () => 1,
};

/** The kinds of job, by the `kind` their documents carry. */
export const jobKinds = { image, video } as const;

export type JobKind = keyof typeof jobKinds;

export const jobKindNames = Object.keys(jobKinds) as JobKind[];

type ParamsOf<K extends JobKind> = K extends 'image' ? ImageRequest : VideoRequest;

/** A job's kind with the params that kind stores. */
export type KindAndParams = { kind: 'image'; params: ImageRequest } | { kind: 'video'; params: VideoRequest };

/** The outputs `job` asked for, whatever its kind. */
export function outputsAsked(job: KindAndParams): number {
  return job.kind === 'image'
    ? jobKinds.image.outputsAsked(job.params)
    : jobKinds.video.outputsAsked(job.params);
}

/**
 * What a create request does, given the job already stored under its request
 * id: none means create (and debit); the same caller asking the same thing
 * again (field by field, defaults filled in) means answer that job and charge
 * nothing. Anything else (another caller, another kind, another request) is a
 * reused id, refused rather than silently answered with someone else's job.
 */
export function planAccept<K extends JobKind>(
  kind: K,
  existing: JobDoc | undefined,
  uid: string,
  params: ParamsOf<K>,
): AcceptPlan {
  if (!existing) return { kind: 'create' };
  if (existing.kind !== kind || existing.uid !== uid) throw reusedRequestId();
  const spec = jobKinds[kind] as unknown as JobKindSpec<JobDoc, ParamsOf<K>>;
  const stored = { ...spec.paramsDefaults, ...(spec.askedParams(existing) as object) };
  const fields = new Set([...Object.keys(stored), ...Object.keys(params)]);
  const same = [...fields].every(
    (field) => (stored as Record<string, unknown>)[field] === (params as Record<string, unknown>)[field],
  );
  if (!same) throw reusedRequestId();
  return { kind: 'replay', status: existing.status };
}
