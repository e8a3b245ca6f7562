import {
  isTerminal,
  paths,
  videoQueue,
  type JobStatus,
  type VideoJobDoc,
  type VideoModelId,
  type VideoRequest,
} from '@phoenix/core';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { seconds, startEmulatorHarness } from '../dev/src/cloud-tasks/test-harness.ts';
import { startR2Fake } from '../dev/src/r2/server.ts';
import { startVertexFake } from '../dev/src/vertex/server.ts';
import { ensureAccountFor } from '../functions/src/accounts.ts';
import { createImageTaskEnqueuer } from '../functions/src/task-queue.ts';
import { acceptVideoJob } from '../functions/src/video-jobs/create.ts';
import type { LogEntry } from '../runner/src/platform/log.ts';
import type { VideoWaitDesign } from '../runner/src/video/handle-task.ts';
import { startWorkerPool } from './video-workers.ts';

/** The video load of one run: how many jobs, from how many users, and how Veo and Cloud Run behave. */
export const videoLoad = {
  jobs: 20,
  /** The default limits let a user have 4 jobs in flight: 5 users carry 20 jobs. */
  users: 5,
  veoDurationMs: 30_000,
  instances: 2,
  concurrency: 1,
  request: {
    durationSeconds: 4,
    generateAudio: false,
    model: 'veo-3.1-fast-generate-001' satisfies VideoModelId,
  } satisfies Partial<VideoRequest>,
} as const;

/** Give up on a job that has not ended after this long, in ms, so a stuck run still prints. */
const jobGiveUpMs = 20 * 60_000;

export interface DesignFigures {
  design: VideoWaitDesign;
  /** Accept returned → a listener saw `succeeded`, in ms, one per succeeded job. */
  endToEndMs: number[];
  /** From the first accept to the last success, in ms. */
  spanMs: number;
  /** Time spent in worker instances, summed over every request they served, in ms. */
  workerMs: number;
  /** Requests the instances served, and those the router refused with 429. */
  requests: number;
  refused: number;
  submits: number;
  polls: number;
  /** Jobs by how they ended (`unfinished` when still open at the give-up time). */
  endings: Record<string, number>;
  /** Worker log lines by message, e.g. "video task polled". */
  outcomes: Record<string, number>;
  /** Worker lines at WARNING or worse, for a run where a job did not succeed. */
  troubles: LogEntry[];
}

/**
 * One wait design under the load above: the jobs are accepted at once
 * through the real accept (transaction, debit, first task), the `videos`
 * queue dispatches to the instances through the router, and every job is
 * followed by a listener until it ends.
 */
export async function runVideoDesign(db: Firestore, projectId: string, design: VideoWaitDesign) {
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const [vertex, r2, tasks] = await Promise.all([
      startVertexFake({ port: 0, logger: () => {}, faults: { veoDurationMs: videoLoad.veoDurationMs } }),
      startR2Fake({ port: 0 }),
      startEmulatorHarness({ project: projectId }),
    ]);
    closers.push(
      () => vertex.close(),
      () => r2.close(),
      () => tasks.close(),
    );
    await tasks.client.createQueue({
      parent: tasks.location,
      queue: {
        name: `${tasks.location}/queues/${videoQueue.name}`,
        // The deployed queue's rate, its concurrency scaled to the instances here, and short backoff.
        rateLimits: {
          maxDispatchesPerSecond: videoQueue.maxDispatchesPerSecond,
          maxConcurrentDispatches: videoLoad.instances * videoLoad.concurrency,
        },
        retryConfig: {
          maxAttempts: videoQueue.maxAttempts,
          minBackoff: seconds(0.5),
          maxBackoff: seconds(2),
          maxDoublings: 2,
        },
      },
    });
    const pool = await startWorkerPool({
      instances: videoLoad.instances,
      concurrency: videoLoad.concurrency,
      design,
      db,
      projectId,
      vertexUrl: vertex.url,
      r2,
      tasks,
    });
    closers.push(() => pool.close());
    const queue = createImageTaskEnqueuer({
      target: () => ({
        project: projectId,
        location: 'us-central1',
        imageServiceUrl: 'http://127.0.0.1:1',
        invokerEmail: pool.invokerEmail,
        videoWorkerUrl: pool.url,
      }),
      client: () => tasks.client,
    });

    await warmLatencyHistory(db, videoLoad.request.model, videoLoad.veoDurationMs);
    const users = await Promise.all(
      Array.from({ length: videoLoad.users }, async (_, index) => {
        const uid = `bench-${design}-${index}-${Date.now()}`;
        await ensureAccountFor(db, { uid, token: { email: `${uid}@example.com`, email_verified: true } });
        return uid;
      }),
    );
    const jobs = await Promise.all(
      Array.from({ length: videoLoad.jobs }, async (_, index) => {
        const uid = users[index % users.length]!;
        const prompt = `bench ${design} ${index}: a paper boat drifting down a rain gutter`;
        const { jobId } = await acceptVideoJob({ db, queue }, uid, { ...videoLoad.request, prompt });
        const acceptedAtMs = Date.now();
        const end = await whenEnded(db, jobId);
        return { jobId, acceptedAtMs, ...end };
      }),
    );

    await pool.idle();
    const succeeded = jobs.filter((job) => job.status === 'succeeded');
    const count = (words: string[]) =>
      words.reduce<Record<string, number>>(
        (counts, word) => ({ ...counts, [word]: (counts[word] ?? 0) + 1 }),
        {},
      );
    const calls = vertex.requests();
    return {
      design,
      endToEndMs: succeeded.map((job) => job.endedAtMs - job.acceptedAtMs),
      spanMs: succeeded.length
        ? Math.max(...succeeded.map((job) => job.endedAtMs)) -
          Math.min(...jobs.map((job) => job.acceptedAtMs))
        : NaN,
      workerMs: pool.forwardedMs.reduce((sum, ms) => sum + ms, 0),
      requests: pool.forwardedMs.length,
      refused: pool.refused,
      submits: calls.filter((call) => call.method === 'predictLongRunning').length,
      polls: calls.filter((call) => call.method === 'fetchPredictOperation').length,
      endings: count(jobs.map((job) => job.status)),
      outcomes: count(pool.logs.map((entry) => entry.message)),
      troubles: pool.logs.filter((entry) => entry.severity === 'WARNING' || entry.severity === 'ERROR'),
    } satisfies DesignFigures;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
  }
}

/**
 * The model's recent latencies as a deployment that has run a while holds
 * them (three of Veo's actual duration), so the poll-task design's ETA-driven
 * poll delays start where they settle rather than at the documented 3-minute
 * typical, and both designs start from the same state.
 */
async function warmLatencyHistory(db: Firestore, model: string, latencyMs: number): Promise<void> {
  await db.doc(paths.videoModelStats(model)).set({
    recentMs: [latencyMs, latencyMs, latencyMs],
    updatedAt: FieldValue.serverTimestamp(),
  });
}

/** The job's terminal status and when a listener saw it (epoch ms); `unfinished` past the give-up time. */
function whenEnded(
  db: Firestore,
  jobId: string,
): Promise<{ status: JobStatus | 'unfinished'; endedAtMs: number }> {
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      stop();
      resolve({ status: 'unfinished', endedAtMs: Date.now() });
    }, jobGiveUpMs);
    const stop = db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
      const job = snapshot.data() as VideoJobDoc | undefined;
      if (!job || !isTerminal(job.status)) return;
      clearTimeout(giveUp);
      stop();
      resolve({ status: job.status, endedAtMs: Date.now() });
    }, reject);
  });
}
