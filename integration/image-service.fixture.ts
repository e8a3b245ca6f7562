import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  paths,
  type ImageRequest,
  type ImageJobDoc,
  type JobStatus,
  type PostDoc,
  type RemixSource,
} from '@phoenix/core';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import {
  eventually,
  seconds,
  startEmulatorHarness,
  type EmulatorHarness,
} from '../dev/src/cloud-tasks/test-harness.ts';
import { startR2Fake, type R2Fake } from '../dev/src/r2/server.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';
import { createImageApp, type ImageAppDeps } from '../runner/src/image/app.ts';
import { readImageServiceConfig } from '../runner/src/image/config.ts';
import { wireImageService } from '../runner/src/image/wiring.ts';
import type { LogEntry } from '../runner/src/platform/log.ts';
import { seedDebitedJob, type SeededJob } from './support/seed-job.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

/**
 * The image service in-process on a free port, wired exactly as `index.ts`
 * wires it, against real parts: the test Firestore emulator (firebase-admin),
 * its own Vertex fake (so faults can be set), its own R2 (s3rver) and its own
 * Cloud Tasks emulator, whose OIDC tokens the service verifies.
 */
export interface ImageServiceFixture {
  db: Firestore;
  vertex: VertexFake;
  r2: R2Fake;
  tasks: EmulatorHarness;
  deps: ImageAppDeps;
  /** Base URL of the service. */
  url: string;
  audience: string;
  invokerEmail: string;
  /** Every log line the service wrote, with `loggedAtMs` (epoch ms) added. */
  logs: LogEntry[];
  /** Log lines about one job's deliveries, in order. */
  outcomesFor(jobId: string): LogEntry[];
  /** A real emulator-signed ID token (delivered once to a recorder, then reused). */
  mintToken(claims?: { audience?: string; email?: string }): Promise<string>;
  /** A hand-made delivery to `/tasks/image`. */
  deliver(body: unknown, options?: DeliverOptions): Promise<DeliveryResponse>;
  /** A queue that calls this service, with fast retries and `maxAttempts` as the service expects. */
  createQueue(): Promise<string>;
  /** Enqueues a real task for `jobId`; the emulator delivers it with a real token and headers. */
  enqueue(queue: string, jobId: string, taskId?: string): Promise<string>;
  seedJob(params: ImageRequest, options?: { status?: JobStatus; remixOf?: RemixSource }): Promise<SeededJob>;
  readJob(jobId: string): Promise<ImageJobDoc<Timestamp>>;
  waitForJobToEnd(jobId: string, timeoutMs?: number): Promise<ImageJobDoc<Timestamp>>;
  balanceOf(uid: string): Promise<number>;
  ledgerOf(uid: string): Promise<Array<{ id: string; kind: string; tokens: number; jobId: string | null }>>;
  postsOf(jobId: string): Promise<Array<PostDoc<Timestamp> & { id: string }>>;
  close(): Promise<void>;
}

export interface DeliverOptions {
  /** Default: a valid token for this service. `null` sends no Authorization header. */
  token?: string | null;
  /** `X-CloudTasks-TaskRetryCount`. Default 0. */
  retryCount?: number;
  /** Raw body instead of JSON. */
  rawBody?: string;
}

export interface DeliveryResponse {
  status: number;
  headers: Headers;
  body: {
    error?: { code: string; message: string; field?: string };
    outcome?: string;
    [key: string]: unknown;
  };
}

export interface FixtureOptions {
  /** `IMAGE_CONCURRENCY`. Default 8. */
  concurrency?: number;
  /** `IMAGE_QUEUE_MAX_ATTEMPTS`, and the test queues' `maxAttempts`. Default 3. */
  maxAttempts?: number;
  /** Replaces the R2 endpoint, e.g. with a closed port. */
  r2Endpoint?: string;
}

/** Fast enough for tests, and still long enough to see Retry-After honoured. */
const modelRetryAfterSeconds = 1;

export async function startImageServiceFixture(options: FixtureOptions = {}): Promise<ImageServiceFixture> {
  const stack = testStack();
  // Only Firestore comes from the shared stack; everything else is this fixture's own.
  process.env.FIRESTORE_EMULATOR_HOST = stack.env.FIRESTORE_EMULATOR_HOST;
  const adminApp: App = initializeApp({ projectId: stack.projectId }, uniquePrefix('image-service'));
  const db = getFirestore(adminApp);
  const [vertex, r2, tasks] = await Promise.all([
    startVertexFake({ port: 0, logger: () => {} }),
    startR2Fake({ port: 0 }),
    startEmulatorHarness({ minDispatchDeadlineMs: 0 }),
  ]);
  const maxAttempts = options.maxAttempts ?? 3;
  const audience = `https://image-${randomUUID().slice(0, 8)}.run.test`;
  const invokerEmail = `tasks-invoker@${stack.projectId}.iam.gserviceaccount.com`;
  const config = readImageServiceConfig({
    GCLOUD_PROJECT: stack.projectId,
    GOOGLE_VERTEX_BASE_URL: vertex.url,
    VERTEX_ACCESS_TOKEN: 'local',
    R2_ENDPOINT: options.r2Endpoint ?? r2.endpoint,
    R2_BUCKET: r2.bucket,
    R2_ACCESS_KEY_ID: 'S3RVER',
    R2_SECRET_ACCESS_KEY: 'S3RVER',
    R2_PUBLIC_BASE_URL: r2.publicBaseUrl,
    IMAGE_SERVICE_URL: audience,
    TASKS_INVOKER_EMAIL: invokerEmail,
    OIDC_CERTS_URL: tasks.emulator.certsUrl,
    IMAGE_CONCURRENCY: String(options.concurrency ?? 8),
    IMAGE_QUEUE_MAX_ATTEMPTS: String(maxAttempts),
    IMAGE_MODEL_RETRY_AFTER_SECONDS: String(modelRetryAfterSeconds),
  });
  const logs: LogEntry[] = [];
  const wired = wireImageService(config, {
    db,
    log: (entry) => logs.push({ ...entry, loggedAtMs: Date.now() }),
  });
  const server: Server = createServer(createImageApp(wired.deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tokens = new Map<string, Promise<string>>();
  async function captureToken(tokenAudience: string, email: string): Promise<string> {
    const recorder = await tasks.target();
    const queue = await tasks.createQueue('mint');
    await tasks.client.createTask({
      parent: queue,
      task: {
        httpRequest: {
          url: recorder.url,
          oidcToken: { serviceAccountEmail: email, audience: tokenAudience },
        },
      },
    });
    const [request] = await recorder.waitForRequests(1);
    const header = request?.headers.authorization ?? '';
    return header.replace(/^Bearer /, '');
  }

  const fixture: ImageServiceFixture = {
    db,
    vertex,
    r2,
    tasks,
    deps: wired.deps,
    url,
    audience,
    invokerEmail,
    logs,
    outcomesFor: (jobId) => logs.filter((entry) => entry.jobId === jobId),

    mintToken(claims = {}) {
      const tokenAudience = claims.audience ?? audience;
      const email = claims.email ?? invokerEmail;
      const key = `${tokenAudience} ${email}`;
      let token = tokens.get(key);
      if (!token) {
        token = captureToken(tokenAudience, email);
        tokens.set(key, token);
      }
      return token;
    },

    async deliver(body, deliverOptions = {}) {
      const token = deliverOptions.token === undefined ? await fixture.mintToken() : deliverOptions.token;
      const response = await fetch(`${url}/tasks/image`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-cloudtasks-taskretrycount': String(deliverOptions.retryCount ?? 0),
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: deliverOptions.rawBody ?? JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as DeliveryResponse['body'],
      };
    },

    createQueue() {
      return tasks.createQueue('images', {
        retryConfig: { maxAttempts, minBackoff: seconds(0.05), maxBackoff: seconds(0.2), maxDoublings: 2 },
      });
    },

    async enqueue(queue, jobId, taskId = `image-${jobId}`) {
      const [task] = await tasks.client.createTask({
        parent: queue,
        task: {
          name: `${queue}/tasks/${taskId}`,
          httpRequest: {
            httpMethod: 'POST',
            url: `${url}/tasks/image`,
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify({ jobId })),
            oidcToken: { serviceAccountEmail: invokerEmail, audience },
          },
        },
      });
      return task.name!;
    },

    seedJob(params, seedOptions = {}) {
      return seedDebitedJob(db, params, {
        ...(seedOptions.status ? { status: seedOptions.status } : {}),
        ...(seedOptions.remixOf ? { remixOf: seedOptions.remixOf } : {}),
      });
    },

    async readJob(jobId) {
      return (await db.doc(paths.job(jobId)).get()).data() as ImageJobDoc<Timestamp>;
    },

    async waitForJobToEnd(jobId, timeoutMs = 20_000) {
      let job: ImageJobDoc<Timestamp> | undefined;
      await eventually(
        `job ${jobId} to end`,
        async () => {
          job = await fixture.readJob(jobId);
          return ['succeeded', 'failed', 'canceled'].includes(job.status);
        },
        timeoutMs,
      );
      return job!;
    },

    async balanceOf(uid) {
      return (await db.doc(paths.account(uid)).get()).get('balance') as number;
    },

    async ledgerOf(uid) {
      const snapshot = await db.collection(paths.ledger(uid)).get();
      return snapshot.docs
        .map((doc) => ({
          id: doc.id,
          kind: doc.get('kind') as string,
          tokens: doc.get('tokens') as number,
          jobId: doc.get('jobId') as string | null,
        }))
        .sort((a, b) => a.id.localeCompare(b.id));
    },

    async postsOf(jobId) {
      const snapshot = await db.collection('posts').where('jobId', '==', jobId).get();
      return snapshot.docs
        .map((doc) => ({ id: doc.id, ...(doc.data() as PostDoc<Timestamp>) }))
        .sort((a, b) => a.id.localeCompare(b.id));
    },

    async close() {
      // Stop deliveries first, so none arrives at a closed service.
      await tasks.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      wired.close();
      await Promise.all([vertex.close(), r2.close()]);
      await deleteApp(adminApp);
    },
  };
  return fixture;
}

/** A TCP port nothing listens on: connections to it are refused at once. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
