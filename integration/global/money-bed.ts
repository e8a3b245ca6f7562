import { createServer, type Server } from 'node:http';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { defaultLimits, paths, type Limits } from '@phoenix/core';
import { afterAll } from 'vitest';
import { serviceScalerFromEnv, type ServiceScaler } from '../../functions/src/run-admin.ts';
import {
  createImageTaskEnqueuer,
  imageTaskTargetFromEnv,
  type ImageTaskEnqueuer,
} from '../../functions/src/task-queue.ts';
import { createCloudTasksClient } from '@phoenix/server';
import { startEmulatorHarness } from '../../dev/src/cloud-tasks/test-harness.ts';
import { testStack, uniquePrefix } from '../support/stack.ts';

/**
 * The money handlers in-process against the test stack's real parts: the
 * Firestore emulator, the Cloud Tasks emulator and image service (so jobs
 * really run and settle), and the Cloud Run Admin fake.
 */
export function moneyTestbed(): {
  db: Firestore;
  queue: ImageTaskEnqueuer;
  scaler: ServiceScaler;
  setLimits(patch: Partial<Limits>): Promise<void>;
} {
  const stack = testStack();
  stack.useEmulatorEnv();
  const admin = initializeApp({ projectId: stack.projectId }, uniquePrefix('money'));
  const db = getFirestore(admin);
  afterAll(async () => {
    await db.doc(paths.limits()).delete();
    await deleteApp(admin);
  });
  return {
    db,
    queue: createImageTaskEnqueuer({
      target: () => imageTaskTargetFromEnv(stack.env),
      client: () => createCloudTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST),
    }),
    scaler: serviceScalerFromEnv({ ...stack.env, GCLOUD_PROJECT: stack.projectId }),
    async setLimits(patch) {
      await db.doc(paths.limits()).set({ ...defaultLimits, ...patch });
    },
  };
}

/** A Slack-style webhook receiver that answers 500 to its first `failFirst` POSTs. */
export async function webhookReceiver(failFirst = 0): Promise<{
  url: string;
  received: { text: string }[];
  attempts: () => number;
  close(): Promise<void>;
}> {
  const received: { text: string }[] = [];
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      attempts += 1;
      if (attempts <= failFirst) {
        response.writeHead(500).end('not now');
        return;
      }
      received.push(JSON.parse(body) as { text: string });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks/budget`,
    received,
    attempts: () => attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A real Cloud Tasks emulator whose images queue is paused: accepted jobs
 * stay queued (in flight), which the in-flight cap counts.
 */
export async function pausedImageQueue(): Promise<{ queue: ImageTaskEnqueuer; close(): Promise<void> }> {
  const stack = testStack();
  const harness = await startEmulatorHarness({ project: stack.projectId, location: 'us-central1' });
  const images = `${harness.location}/queues/images`;
  await harness.client.createQueue({ parent: harness.location, queue: { name: images } });
  await harness.client.pauseQueue({ name: images });
  return {
    queue: createImageTaskEnqueuer({
      target: () => ({
        project: stack.projectId,
        location: 'us-central1',
        imageServiceUrl: 'http://127.0.0.1:9/never-called',
        invokerEmail: 'tasks-invoker@demo-phoenix.iam.gserviceaccount.com',
      }),
      client: () => createCloudTasksClient(`127.0.0.1:${harness.emulator.grpcPort}`),
    }),
    close: () => harness.close(),
  };
}
