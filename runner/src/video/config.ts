import { jobLeaseMs, videoQueue, videoWorker } from '@phoenix/core';
import { envReader, readR2Config } from '../platform/env.ts';
import { DEFAULT_GCS_API_BASE_URL, parseGcsUri } from '../storage/gcs-download.ts';
import type { VideoWaitDesign } from './handle-task.ts';

export { ConfigError } from '../platform/env.ts';

/** Everything the video worker reads from its environment, parsed once at start. */
export interface VideoWorkerConfig {
  /** `PORT`, set by Cloud Run. Default 8082. */
  port: number;
  /** `GCLOUD_PROJECT`. Required. */
  project: string;
  /** `GOOGLE_VERTEX_BASE_URL`: the Vertex fake locally; unset means Google's endpoint. */
  vertexBaseUrl: string | undefined;
  /** `VERTEX_ACCESS_TOKEN`: only for the local fake, which also serves Veo's Cloud Storage output. */
  vertexAccessToken: string | undefined;
  /**
   * `VIDEO_OUTPUT_GCS_URI` (`gs://bucket[/prefix]`): Veo writes each video there
   * (its `storageUri`) and the worker reads it back, instead of Veo answering
   * the bytes inline. Unset means inline bytes.
   */
  videoOutputGcsUri: string | undefined;
  /** `GCS_API_BASE_URL`: where Veo's output is read; the Vertex fake locally. Default `https://storage.googleapis.com`. */
  gcsApiBaseUrl: string;
  /** The R2 variables, as for the image service. */
  r2: ReturnType<typeof readR2Config>;
  /** This worker's URL (`VIDEO_WORKER_URL`): the OIDC audience, and where it sends its own poll tasks. Required. */
  audience: string;
  /** `TASKS_INVOKER_EMAIL`: the only caller let in, and the identity poll tasks are signed as. Required. */
  invokerEmail: string;
  /** `OIDC_CERTS_URL`; unset means Google's. */
  oidcCertsUrl: string | undefined;
  /** `TASKS_LOCATION`: where the `videos` queue lives. Required. */
  tasksLocation: string;
  /** `CLOUD_TASKS_EMULATOR_HOST` (`host:port`) locally; unset in production. */
  tasksEmulatorHost: string | undefined;
  /** `VIDEO_CONCURRENCY`: deliveries at once. Default core's `videoWorker.concurrency` (1). */
  concurrency: number;
  /** `VIDEO_QUEUE_MAX_ATTEMPTS`. Default core's `videoQueue.maxAttempts`. */
  queueMaxAttempts: number;
  /** `VIDEO_WAIT_DESIGN`: `poll-task` (default) or `held-slot`; see handle-task.ts. */
  design: VideoWaitDesign;
  /** `VIDEO_HELD_POLL_MS`: between looks in the held-slot design. Default 10000. */
  heldPollIntervalMs: number;
  /** `VIDEO_POLL_DELAY_PERCENT`: scales core's poll delays; only tests and benchmarks shrink them. Default 100. */
  pollDelayPercent: number;
  /** `VIDEO_LEASE_SECONDS`: how long one step holds its job. Default core's `jobLeaseMs`. */
  leaseSeconds: number;
  /** `FFMPEG_PATH` and `FFPROBE_PATH`; default from PATH. */
  ffmpegPath: string;
  ffprobePath: string;
}

export function readVideoWorkerConfig(env: Record<string, string | undefined>): VideoWorkerConfig {
  const read = envReader(env);
  const { required, optional, integer } = read;
  const design = optional('VIDEO_WAIT_DESIGN') ?? 'poll-task';
  if (design !== 'poll-task' && design !== 'held-slot') {
    read.problems.push(`VIDEO_WAIT_DESIGN must be poll-task or held-slot, got "${design}"`);
  }
  const videoOutputGcsUri = optional('VIDEO_OUTPUT_GCS_URI');
  const outputLocation = videoOutputGcsUri === undefined ? undefined : parseGcsUri(videoOutputGcsUri);
  if (outputLocation && !outputLocation.ok) {
    read.problems.push(`VIDEO_OUTPUT_GCS_URI ${outputLocation.problem}`);
  }
  const config: VideoWorkerConfig = {
    port: integer('PORT', 8082, 0),
    project: required('GCLOUD_PROJECT'),
    vertexBaseUrl: optional('GOOGLE_VERTEX_BASE_URL'),
    vertexAccessToken: optional('VERTEX_ACCESS_TOKEN'),
    videoOutputGcsUri,
    gcsApiBaseUrl: optional('GCS_API_BASE_URL') ?? DEFAULT_GCS_API_BASE_URL,
    r2: readR2Config(read),
    audience: required('VIDEO_WORKER_URL').replace(/\/+$/, ''),
    invokerEmail: required('TASKS_INVOKER_EMAIL'),
    oidcCertsUrl: optional('OIDC_CERTS_URL'),
    tasksLocation: required('TASKS_LOCATION'),
    tasksEmulatorHost: optional('CLOUD_TASKS_EMULATOR_HOST'),
    concurrency: integer('VIDEO_CONCURRENCY', videoWorker.concurrency, 1),
    queueMaxAttempts: integer('VIDEO_QUEUE_MAX_ATTEMPTS', videoQueue.maxAttempts, -1),
    design: design as VideoWaitDesign,
    heldPollIntervalMs: integer('VIDEO_HELD_POLL_MS', 10_000, 10),
    pollDelayPercent: integer('VIDEO_POLL_DELAY_PERCENT', 100, 1),
    leaseSeconds: integer('VIDEO_LEASE_SECONDS', jobLeaseMs / 1000, 1),
    ffmpegPath: optional('FFMPEG_PATH') ?? 'ffmpeg',
    ffprobePath: optional('FFPROBE_PATH') ?? 'ffprobe',
  };
  read.check('video worker');
  return config;
}
