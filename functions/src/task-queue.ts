import type { CloudTasksClient } from '@google-cloud/tasks';
import {
  imageQueue,
  imageTaskId,
  videoQueue,
  videoTaskId,
  type ImageTaskBody,
  type VideoTaskBody,
} from '@phoenix/core';
import { createNamedHttpTask } from '@phoenix/server';

/** Puts image jobs on the `images` queue. */
export interface ImageTaskEnqueuer {
  /**
   * Resolves once the job's task exists, whether this call created it or an
   * earlier try did (the task name derives from the job id). Rejects when
   * Cloud Tasks could not be reached or refused the task.
   */
  enqueueImageJob(jobId: string): Promise<void>;
}

/** Puts video jobs on the `videos` queue; the video worker enqueues each job's polls itself. */
export interface VideoTaskEnqueuer {
  /** As {@link ImageTaskEnqueuer.enqueueImageJob}, for the job's first (submitting) delivery. */
  enqueueVideoJob(jobId: string): Promise<void>;
}

/** Asks the video worker, which holds the R2 credentials, to delete a discarded draft's media. */
export interface VideoMediaPurger {
  purgeVideoMedia(jobId: string): Promise<void>;
}

/** Where image tasks go and who they are signed as. */
export interface ImageTaskTarget {
  /** Google Cloud project of the queue. */
  project: string;
  /** Cloud Tasks location of the queue, e.g. `us-central1`. */
  location: string;
  /** Base URL of the image service; tasks POST to `/tasks/image` under it, and it is the OIDC audience. */
  imageServiceUrl: string;
  /** Service account whose OIDC token Cloud Tasks attaches; the image service only lets it in. */
  invokerEmail: string;
  /** Base URL of the video worker; tasks POST to `/tasks/video` under it. Absent where video is not deployed. */
  videoWorkerUrl?: string;
}

export interface ImageTaskEnqueuerOptions {
  /** Read on the first enqueue, so loading the functions (deploy discovery) needs none of it. */
  target: () => ImageTaskTarget;
  /** Made on the first enqueue and kept for the instance's lifetime. */
  client: () => CloudTasksClient;
  /** How long one CreateTask call may take, in ms. @default 10000 */
  timeoutMs?: number;
}

export function createImageTaskEnqueuer(
  options: ImageTaskEnqueuerOptions,
): ImageTaskEnqueuer & VideoTaskEnqueuer & VideoMediaPurger {
  let client: CloudTasksClient | undefined;
  let target: ImageTaskTarget | undefined;
  const enqueue = async (
    queue: { name: string; dispatchDeadlineSeconds: number },
    taskId: string,
    serviceUrl: (target: ImageTaskTarget) => string | undefined,
    route: string,
    body: ImageTaskBody | VideoTaskBody,
  ): Promise<void> => {
    target ??= options.target();
    client ??= options.client();
    const url = serviceUrl(target);
    if (!url) throw new Error(`no service URL is configured for the ${queue.name} queue`);
    await createNamedHttpTask(client, {
      parent: client.queuePath(target.project, target.location, queue.name),
      taskId,
      dispatchDeadlineSeconds: queue.dispatchDeadlineSeconds,
      serviceUrl: url,
      route,
      body,
      invokerEmail: target.invokerEmail,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  };
  return {
    enqueueImageJob: (jobId) =>
      enqueue(imageQueue, imageTaskId(jobId), (target) => target.imageServiceUrl, '/tasks/image', { jobId }),
    enqueueVideoJob: (jobId) =>
      enqueue(videoQueue, videoTaskId(jobId), (target) => target.videoWorkerUrl, '/tasks/video', { jobId }),
    purgeVideoMedia: (jobId) =>
      enqueue(
        videoQueue,
        videoTaskId(jobId, { purge: true }),
        (target) => target.videoWorkerUrl,
        '/tasks/video',
        {
          jobId,
          purge: true,
        },
      ),
  };
}

/** The task target from the functions' environment; names the first missing variable. */
export function imageTaskTargetFromEnv(env: NodeJS.ProcessEnv = process.env): ImageTaskTarget {
  const need = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is not set; the functions cannot enqueue image tasks without it`);
    return value;
  };
  return {
    project: need('GCLOUD_PROJECT'),
    location: need('TASKS_LOCATION'),
    imageServiceUrl: need('IMAGE_SERVICE_URL'),
    invokerEmail: need('TASKS_INVOKER_EMAIL'),
    ...(env.VIDEO_WORKER_URL?.trim() ? { videoWorkerUrl: env.VIDEO_WORKER_URL.trim() } : {}),
  };
}

/**
 * Where the local Cloud Tasks emulator listens, or undefined in production.
 * Inside the Firebase Functions emulator, firebase-tools overwrites
 * CLOUD_TASKS_EMULATOR_HOST with its own task-queue emulator (REST only, not
 * ours), so there the stack passes ours as PHOENIX_TASKS_EMULATOR_HOST.
 */
export function tasksEmulatorHostFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PHOENIX_TASKS_EMULATOR_HOST) return env.PHOENIX_TASKS_EMULATOR_HOST;
  if (env.FUNCTIONS_EMULATOR === 'true') {
    throw new Error(
      'PHOENIX_TASKS_EMULATOR_HOST is not set; in the Functions emulator CLOUD_TASKS_EMULATOR_HOST names ' +
        "firebase-tools' own task-queue emulator, not the Cloud Tasks emulator of the stack",
    );
  }
  return env.CLOUD_TASKS_EMULATOR_HOST || undefined;
}
