import type { Firestore } from 'firebase-admin/firestore';
import { paths, type VideoJobDoc } from '@phoenix/core';
import { createConcurrencyGate } from '../platform/concurrency-gate.ts';
import { jsonLinesLogger, type Logger } from '../platform/log.ts';
import type { TaskAppState } from '../platform/state.ts';
import { createTaskAuthenticator } from '../platform/task-auth.ts';
import { createVertexClients } from '../platform/vertex-client.ts';
import { createCloudTasksClient } from '@phoenix/server';
import { createGcsDownloader } from '../storage/gcs-download.ts';
import { createR2MediaStore } from '../storage/media-store.ts';
import { createR2Client } from '../storage/r2-client.ts';
import type { VideoAppDeps } from './app.ts';
import type { VideoWorkerConfig } from './config.ts';
import { finishVideo } from './finish.ts';
import { createFirestoreVideoJobStore } from './job-store.ts';
import { publishVideoMedia, purgeVideoMedia } from './media.ts';
import { createPollScheduler } from './poll-queue.ts';
import { createVeoClient } from './veo.ts';

export interface WiredVideoWorker {
  deps: VideoAppDeps;
  /** Stops the R2 and Cloud Tasks clients. Firestore belongs to the caller. */
  close(): Promise<void>;
}

/** The worker's real dependencies from its configuration; `index.ts` and the integration tests share it. */
export function wireVideoWorker(
  config: VideoWorkerConfig,
  options: { db: Firestore; state?: TaskAppState; log?: Logger },
): WiredVideoWorker {
  const { db } = options;
  const r2 = createR2Client(config.r2);
  const media = createR2MediaStore({
    client: r2,
    bucket: config.r2.bucket,
    publicBaseUrl: config.r2.publicBaseUrl,
  });
  const tasksClient = createCloudTasksClient(config.tasksEmulatorHost);
  const tools = { ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath };
  const readGcs = createGcsDownloader({
    baseUrl: config.gcsApiBaseUrl,
    accessToken: config.vertexAccessToken,
  });
  const deps: VideoAppDeps = {
    state: options.state ?? { accepting: true, abandon: new AbortController() },
    gate: createConcurrencyGate(config.concurrency),
    auth: createTaskAuthenticator({
      audience: config.audience,
      invokerEmail: config.invokerEmail,
      certsUrl: config.oidcCertsUrl,
    }),
    queueMaxAttempts: config.queueMaxAttempts,
    tasks: {
      jobs: createFirestoreVideoJobStore(db, { leaseMs: config.leaseSeconds * 1000 }),
      veo: createVeoClient(
        createVertexClients({
          project: config.project,
          baseUrl: config.vertexBaseUrl,
          accessToken: config.vertexAccessToken,
        }),
        { outputGcsUri: config.videoOutputGcsUri },
      ),
      polls: createPollScheduler(
        {
          project: config.project,
          location: config.tasksLocation,
          workerUrl: config.audience,
          invokerEmail: config.invokerEmail,
        },
        tasksClient,
      ),
      fetchImage: fetchMedia,
      download: async (uri) => (uri.startsWith('gs://') ? readGcs(uri) : (await fetchMedia(uri)).bytes),
      finish: (mp4) => finishVideo(mp4, tools),
      publish: (uid, jobId, video) => publishVideoMedia(media, uid, jobId, video),
      purge: (uid, jobId) => purgeVideoMedia(media, uid, jobId),
      async ownerOf(jobId) {
        const job = (await db.doc(paths.job(jobId)).get()).data() as VideoJobDoc | undefined;
        return job ? { uid: job.uid, discarded: Boolean(job.discardedAt) } : null;
      },
      design: config.design,
      heldPollIntervalMs: config.heldPollIntervalMs,
      pollDelayPercent: config.pollDelayPercent,
      modelRetryAfterSeconds: 10,
    },
    log: options.log ?? jsonLinesLogger,
  };
  return {
    deps,
    async close() {
      r2.destroy();
      await tasksClient.close();
    },
  };
}

/** Bytes from a public URL; a failed fetch is an error with the status, retried as transient when 5xx. */
async function fetchMedia(url: string): Promise<{ bytes: Buffer; mimeType: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok)
    throw Object.assign(new Error(`GET ${url} answered ${response.status}`), { status: response.status });
  return {
    bytes: Buffer.from(await response.arrayBuffer()),
    mimeType: response.headers.get('content-type')?.split(';')[0] ?? 'image/webp',
  };
}
