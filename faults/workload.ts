import { randomUUID } from 'node:crypto';
import {
  imageQueue,
  imageRequestDefaults,
  imageTaskId,
  isTerminal,
  paths,
  videoQueue,
  videoTaskId,
  type ImageRequest,
  type JobDoc,
} from '@phoenix/core';
import { createCloudTasksClient, createNamedHttpTask } from '@phoenix/server';
import type { Firestore } from 'firebase-admin/firestore';
import { endpointsFromEnv, PhoenixClient } from '../dev/src/seed/phoenix-client.ts';

/** How a scenario shapes its workload: what each prompt carries, and whether videos are in it. */
export interface WorkloadShape {
  /** Appended to each image prompt (a `[fake: …]` directive); index counts the scenario's image jobs. */
  imageDirective?: (index: number) => string;
  videoDirective?: (index: number) => string;
  users?: number;
  imageJobsPerUser?: number;
  /** Users (from the first) who also make one video. */
  videoUsers?: number;
}

export interface Workload {
  uids: string[];
  jobIds: string[];
  /** Extra deliveries sent on purpose, besides whatever a fault adds. */
  duplicateDeliveries: number;
  close(): Promise<void>;
}

const imageRequest = (prompt: string): ImageRequest => ({
  ...imageRequestDefaults,
  prompt,
  count: 2,
  model: 'gemini-3.1-flash-image',
  imageSize: '1K',
  enhancePrompt: false,
});

/**
 * Several users, through the real callables: each asks for images (one
 * request sent twice at once with the same request id, as a double click
 * would), some ask for a video; then the first image job and the first video
 * get a second task of their own, a duplicate delivery Cloud Tasks may make.
 */
export async function startWorkload(label: string, shape: WorkloadShape, env: Record<string, string>) {
  const endpoints = endpointsFromEnv(env);
  const users = shape.users ?? 4;
  const clients = Array.from({ length: users }, (_, index) =>
    PhoenixClient.connect(endpoints, `${label}-${index}-${randomUUID().slice(0, 6)}`),
  );
  const uids: string[] = [];
  const imageJobIds: string[] = [];
  const videoJobIds: string[] = [];
  let imageIndex = 0;
  let videoIndex = 0;
  await Promise.all(
    clients.map(async (client, index) => {
      const email = `${label}-${index}-${randomUUID().slice(0, 8)}@faults.example.com`;
      const user = await client.signIn(email, 'faults-password');
      uids.push(user.uid);
      await client.ensureAccount();
      await client.followMyJobs();
    }),
  );
  await Promise.all(
    clients.map(async (client, index) => {
      const images: Promise<string>[] = [];
      for (let job = 0; job < (shape.imageJobsPerUser ?? 2); job++) {
        const directive = shape.imageDirective?.(imageIndex++) ?? '';
        const request = imageRequest(`${label}: a lighthouse at dusk #${job} ${directive}`.trim());
        const requestId = randomUUID();
        // The second of two identical calls answers the first one's job, charged once.
        images.push(asAClientWould(() => client.createImageJob(request, requestId)));
        if (job === 0) images.push(asAClientWould(() => client.createImageJob(request, requestId)));
      }
      const videos: Promise<string>[] = [];
      if (index < (shape.videoUsers ?? 1)) {
        const directive = shape.videoDirective?.(videoIndex++) ?? '';
        const request = {
          prompt: `${label}: waves on a pier ${directive}`.trim(),
          durationSeconds: 4 as const,
          aspectRatio: '16:9' as const,
          resolution: '720p' as const,
          generateAudio: false,
          model: 'veo-3.1-fast-generate-001' as const,
        };
        const requestId = randomUUID();
        videos.push(asAClientWould(() => client.createVideoJob(request, requestId)));
      }
      const [madeImages, madeVideos] = await Promise.all([Promise.all(images), Promise.all(videos)]);
      imageJobIds.push(...new Set(madeImages));
      videoJobIds.push(...madeVideos);
    }),
  );
  const duplicateDeliveries = await deliverTwice(env, imageJobIds[0], videoJobIds[0]);
  return {
    uids,
    jobIds: [...imageJobIds, ...videoJobIds],
    duplicateDeliveries,
    close: async () => void (await Promise.allSettled(clients.map((client) => client.close()))),
  } satisfies Workload;
}

/**
 * Calls as the web app does: a call whose answer was lost (the client's
 * deadline, an instance gone) is sent again with the same request id, so it
 * answers the job the first call may have made instead of a second one.
 */
async function asAClientWould<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const lost = ['functions/deadline-exceeded', 'functions/unavailable', 'functions/internal'].includes(
        code,
      );
      if (!lost || attempt >= 4) throw error;
    }
  }
}

/** A second task for an image job and a video job, each under a name of its own. */
async function deliverTwice(
  env: Record<string, string>,
  imageJobId: string | undefined,
  videoJobId: string | undefined,
): Promise<number> {
  const client = createCloudTasksClient(env['CLOUD_TASKS_EMULATOR_HOST']);
  const send = (queue: typeof imageQueue | typeof videoQueue, taskId: string, url: string, body: object) =>
    createNamedHttpTask(client, {
      parent: client.queuePath(env['GCLOUD_PROJECT']!, env['TASKS_LOCATION']!, queue.name),
      taskId: `${taskId}-duplicate`,
      dispatchDeadlineSeconds: queue.dispatchDeadlineSeconds,
      serviceUrl: url,
      route: queue === imageQueue ? '/tasks/image' : '/tasks/video',
      body,
      invokerEmail: env['TASKS_INVOKER_EMAIL']!,
    });
  try {
    const sends = [
      ...(imageJobId
        ? [send(imageQueue, imageTaskId(imageJobId), env['IMAGE_SERVICE_URL']!, { jobId: imageJobId })]
        : []),
      ...(videoJobId
        ? [send(videoQueue, videoTaskId(videoJobId), env['VIDEO_WORKER_URL']!, { jobId: videoJobId })]
        : []),
    ];
    await Promise.all(sends);
    return sends.length;
  } finally {
    await client.close();
  }
}

/** Resolves once every job is terminal, or after `timeoutMs` (the invariants then say which did not end). */
export function waitForJobsToEnd(db: Firestore, jobIds: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const open = new Set(jobIds);
    const stops = jobIds.map((jobId) =>
      db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
        const job = snapshot.data() as JobDoc | undefined;
        if (job && isTerminal(job.status)) open.delete(jobId);
        if (open.size === 0) finish();
      }),
    );
    const timer = setTimeout(finish, timeoutMs);
    function finish() {
      clearTimeout(timer);
      for (const stop of stops) stop();
      resolve();
    }
  });
}
