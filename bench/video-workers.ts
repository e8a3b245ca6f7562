import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Firestore } from 'firebase-admin/firestore';
import type { EmulatorHarness } from '../dev/src/cloud-tasks/test-harness.ts';
import type { R2Fake } from '../dev/src/r2/server.ts';
import type { LogEntry } from '../runner/src/platform/log.ts';
import { createVideoApp } from '../runner/src/video/app.ts';
import { readVideoWorkerConfig } from '../runner/src/video/config.ts';
import type { VideoWaitDesign } from '../runner/src/video/handle-task.ts';
import { wireVideoWorker, type WiredVideoWorker } from '../runner/src/video/wiring.ts';

/** Video worker instances behind one URL, as Cloud Run runs them, with what each request cost. */
export interface WorkerPool {
  /** The service URL: the OIDC audience and the target of every task, first and poll alike. */
  url: string;
  invokerEmail: string;
  /** How long each request handed to an instance took, in ms (the instance time Cloud Run bills). */
  forwardedMs: number[];
  /** Requests answered 429 because every instance was busy. */
  refused: number;
  /** Every instance's log lines, each with the instance's index. */
  logs: LogEntry[];
  /** Resolves once no request is in flight, e.g. after the one that wrote the last job's end has answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** `Retry-After` the router sends when every instance is busy, as Cloud Run does at its concurrency limit. */
const busyRetryAfterSeconds = 1;

/**
 * Starts `instances` video workers, each wired as `index.ts` wires it with
 * its own concurrency gate, behind a router that hands each request to a
 * free instance and answers 429 when none is free.
 */
export async function startWorkerPool(options: {
  instances: number;
  concurrency: number;
  design: VideoWaitDesign;
  db: Firestore;
  projectId: string;
  vertexUrl: string;
  r2: R2Fake;
  tasks: EmulatorHarness;
}): Promise<WorkerPool> {
  const handlers: Handler[] = [];
  const inFlight: number[] = [];
  const forwardedMs: number[] = [];
  const logs: LogEntry[] = [];
  let refused = 0;
  const idleWaiters: (() => void)[] = [];
  const busy = () => inFlight.some((count) => count > 0);
  const server = createServer((request, response) => {
    const free = inFlight.findIndex((count) => count < options.concurrency);
    const handler = handlers[free];
    if (!handler) {
      refused += 1;
      response.writeHead(429, { 'retry-after': String(busyRetryAfterSeconds) }).end();
      return;
    }
    inFlight[free] = (inFlight[free] ?? 0) + 1;
    const startedMs = performance.now();
    response.once('close', () => {
      inFlight[free] = (inFlight[free] ?? 1) - 1;
      forwardedMs.push(performance.now() - startedMs);
      if (!busy()) for (const wake of idleWaiters.splice(0)) wake();
    });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const invokerEmail = `tasks-invoker@${options.projectId}.iam.gserviceaccount.com`;

  const wired: WiredVideoWorker[] = [];
  for (let instance = 0; instance < options.instances; instance++) {
    const config = readVideoWorkerConfig({
      GCLOUD_PROJECT: options.projectId,
      GOOGLE_VERTEX_BASE_URL: options.vertexUrl,
      VERTEX_ACCESS_TOKEN: 'local',
      R2_ENDPOINT: options.r2.endpoint,
      R2_BUCKET: options.r2.bucket,
      R2_ACCESS_KEY_ID: 'S3RVER',
      R2_SECRET_ACCESS_KEY: 'S3RVER',
      R2_PUBLIC_BASE_URL: options.r2.publicBaseUrl,
      VIDEO_WORKER_URL: url,
      TASKS_INVOKER_EMAIL: invokerEmail,
      TASKS_LOCATION: 'us-central1',
      CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${options.tasks.emulator.grpcPort}`,
      OIDC_CERTS_URL: options.tasks.emulator.certsUrl,
      VIDEO_WAIT_DESIGN: options.design,
      VIDEO_CONCURRENCY: String(options.concurrency),
      VIDEO_POLL_DELAY_PERCENT: '100',
    });
    const worker = wireVideoWorker(config, {
      db: options.db,
      log: (entry) => logs.push({ ...entry, instance, loggedAtMs: Date.now() }),
    });
    wired.push(worker);
    handlers.push(createVideoApp(worker.deps));
    inFlight.push(0);
  }

  return {
    url,
    invokerEmail,
    forwardedMs,
    get refused() {
      return refused;
    },
    logs,
    idle: () => (busy() ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve()),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(wired.map((worker) => worker.close()));
    },
  };
}
