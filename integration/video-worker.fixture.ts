import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTerminal, paths, videoQueue, type LedgerEntryDoc, type VideoJobDoc } from '@phoenix/core';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { seconds, startEmulatorHarness, type EmulatorHarness } from '../dev/src/cloud-tasks/test-harness.ts';
import { startR2Fake, type R2Fake } from '../dev/src/r2/server.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';
import { acceptVideoJob } from '../functions/src/video-jobs/create.ts';
import { createImageTaskEnqueuer } from '../functions/src/task-queue.ts';
import type { LogEntry } from '../runner/src/platform/log.ts';
import { createVideoApp } from '../runner/src/video/app.ts';
import { readVideoWorkerConfig } from '../runner/src/video/config.ts';
import { wireVideoWorker } from '../runner/src/video/wiring.ts';
import { fundAccount } from './support/accounts.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

/**
 * The video worker in-process on a free port, wired as `index.ts` wires it,
 * against real parts: the test Firestore emulator, its own Vertex fake (whose
 * recorded requests count Veo submits), its own R2 and its own Cloud Tasks
 * emulator with a `videos` queue, which delivers the first task and every
 * poll task the worker schedules, with real OIDC tokens. Jobs are accepted
 * through the real `createVideoJob` handler.
 */
export interface VideoWorkerFixture {
  db: Firestore;
  vertex: VertexFake;
  r2: R2Fake;
  tasks: EmulatorHarness;
  url: string;
  /** The functions' task producer, pointed at this worker (creates, and purges of discarded drafts). */
  queue: ReturnType<typeof createImageTaskEnqueuer>;
  /** The service account Cloud Tasks signs as; the worker lets only it in. */
  invokerEmail: string;
  logs: LogEntry[];
  /** A funded user with an account (50 tokens unless said). */
  newUser(tokens?: number): Promise<string>;
  /** Accepts a video job for `uid` through the handler; the task goes to this worker. */
  createVideoJob(uid: string, request: Record<string, unknown>): Promise<string>;
  readJob(jobId: string): Promise<VideoJobDoc<Timestamp>>;
  /** Resolves with the job once a listener sees it terminal, and every phase it was seen in before. */
  waitForEnd(jobId: string): Promise<{ job: VideoJobDoc<Timestamp>; phases: string[] }>;
  /** `:predictLongRunning` calls the Veo fake answered for prompts containing `marker`. */
  submitsFor(marker: string): number;
  balanceOf(uid: string): Promise<number>;
  ledgerOf(uid: string): Promise<LedgerEntryDoc[]>;
  /** Stops answering (the process is gone) until `revive`; deliveries meanwhile fail at the socket. */
  kill(): void;
  revive(): void;
  close(): Promise<void>;
}

export async function startVideoWorkerFixture(
  options: {
    design?: 'poll-task' | 'held-slot';
    /** Veo's `storageUri`: the worker reads its videos back from the Vertex fake's Cloud Storage route. */
    outputGcsUri?: string;
  } = {},
) {
  const stack = testStack();
  process.env.FIRESTORE_EMULATOR_HOST = stack.env.FIRESTORE_EMULATOR_HOST;
  const adminApp: App = initializeApp({ projectId: stack.projectId }, uniquePrefix('video-worker'));
  const db = getFirestore(adminApp);
  const { vertex, r2, tasks } = await startVideoWorkerBackends(stack.projectId, {
    maxAttempts: 5,
    minBackoff: seconds(0.05),
    maxBackoff: seconds(0.2),
    maxDoublings: 2,
  });

  // The worker's own URL is its audience and its poll tasks' target, so the port comes first.
  const app: { handle?: (request: IncomingMessage, response: ServerResponse) => void } = {};
  let alive = true;
  const server: Server = createServer((request, response) => {
    if (!alive || !app.handle) return void request.socket.destroy();
    app.handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const invokerEmail = invokerEmailOf(stack.projectId);
  const config = readVideoWorkerConfig({
    ...videoWorkerEnv(stack.projectId, { vertex, r2, tasks }, url),
    VIDEO_WAIT_DESIGN: options.design ?? 'poll-task',
    VIDEO_HELD_POLL_MS: '200',
    VIDEO_LEASE_SECONDS: '5',
    ...(options.outputGcsUri
      ? { VIDEO_OUTPUT_GCS_URI: options.outputGcsUri, GCS_API_BASE_URL: vertex.url }
      : {}),
  });
  const logs: LogEntry[] = [];
  const wired = wireVideoWorker(config, {
    db,
    log: (entry) => logs.push({ ...entry, loggedAtMs: Date.now() }),
  });
  app.handle = createVideoApp(wired.deps);
  const queue = videoTaskProducer(stack.projectId, tasks, url);

  const fixture: VideoWorkerFixture = {
    db,
    vertex,
    r2,
    tasks,
    url,
    queue,
    invokerEmail,
    logs,
    async newUser(tokens = 50) {
      const uid = uniquePrefix('creator');
      await fundAccount(db, uid, tokens);
      return uid;
    },
    async createVideoJob(uid, request) {
      return (await acceptVideoJob({ db, queue }, uid, request)).jobId;
    },
    async readJob(jobId) {
      return (await db.doc(paths.job(jobId)).get()).data() as VideoJobDoc<Timestamp>;
    },
    waitForEnd(jobId) {
      const phases: string[] = [];
      return new Promise((resolve, reject) => {
        const stop = db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
          const job = snapshot.data() as VideoJobDoc<Timestamp> | undefined;
          if (!job) return;
          if (job.phase && phases.at(-1) !== job.phase) phases.push(job.phase);
          if (isTerminal(job.status)) {
            stop();
            resolve({ job, phases });
          }
        }, reject);
      });
    },
    submitsFor(marker) {
      return vertex
        .requests()
        .filter((entry) => entry.method === 'predictLongRunning' && entry.prompt.includes(marker)).length;
    },
    async balanceOf(uid) {
      return (await db.doc(paths.account(uid)).get()).get('balance') as number;
    },
    async ledgerOf(uid) {
      return (await db.collection(paths.ledger(uid)).get()).docs.map((doc) => doc.data() as LedgerEntryDoc);
    },
    kill() {
      alive = false;
      server.closeAllConnections();
    },
    revive() {
      alive = true;
    },
    async close() {
      await tasks.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await wired.close();
      await Promise.all([vertex.close(), r2.close()]);
      await deleteApp(adminApp);
    },
  };
  return fixture;
}

/** The parts a video worker talks to besides Firestore: its own Vertex fake, R2 fake, and Cloud Tasks emulator with a `videos` queue. */
export interface VideoWorkerBackends {
  vertex: VertexFake;
  r2: R2Fake;
  tasks: EmulatorHarness;
}

export async function startVideoWorkerBackends(
  projectId: string,
  retryConfig: NonNullable<Parameters<EmulatorHarness['client']['createQueue']>[0]['queue']>['retryConfig'],
): Promise<VideoWorkerBackends> {
  const [vertex, r2, tasks] = await Promise.all([
    startVertexFake({ port: 0, logger: () => {} }),
    startR2Fake({ port: 0 }),
    startEmulatorHarness({ project: projectId, minDispatchDeadlineMs: 0 }),
  ]);
  await tasks.client.createQueue({
    parent: tasks.location,
    queue: { name: `${tasks.location}/queues/${videoQueue.name}`, retryConfig },
  });
  return { vertex, r2, tasks };
}

/** The service account Cloud Tasks signs as in these tests; the worker lets only it in. */
export const invokerEmailOf = (projectId: string) => `tasks-invoker@${projectId}.iam.gserviceaccount.com`;

/** The worker's environment against `backends`, as Cloud Run would set it; poll delays shrunk to 2 %. */
export function videoWorkerEnv(
  projectId: string,
  { vertex, r2, tasks }: VideoWorkerBackends,
  url: string,
): Record<string, string> {
  return {
    GCLOUD_PROJECT: projectId,
    GOOGLE_VERTEX_BASE_URL: vertex.url,
    VERTEX_ACCESS_TOKEN: 'local',
    R2_ENDPOINT: r2.endpoint,
    R2_BUCKET: r2.bucket,
    R2_ACCESS_KEY_ID: 'S3RVER',
    R2_SECRET_ACCESS_KEY: 'S3RVER',
    R2_PUBLIC_BASE_URL: r2.publicBaseUrl,
    VIDEO_WORKER_URL: url,
    TASKS_INVOKER_EMAIL: invokerEmailOf(projectId),
    TASKS_LOCATION: 'us-central1',
    CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${tasks.emulator.grpcPort}`,
    OIDC_CERTS_URL: tasks.emulator.certsUrl,
    // 10 s to the first poll becomes 0.2 s, 15 s between polls 0.3 s.
    VIDEO_POLL_DELAY_PERCENT: '2',
  };
}

/** The functions' task producer, pointed at the worker at `url` (creates, and purges of discarded drafts). */
export function videoTaskProducer(projectId: string, tasks: EmulatorHarness, url: string) {
  return createImageTaskEnqueuer({
    target: () => ({
      project: projectId,
      location: 'us-central1',
      imageServiceUrl: 'http://127.0.0.1:1',
      invokerEmail: invokerEmailOf(projectId),
      videoWorkerUrl: url,
    }),
    client: () => tasks.client,
  });
}
