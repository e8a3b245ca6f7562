import { randomUUID } from 'node:crypto';
import { imageRequestDefaults, paths } from '@phoenix/core';
import type { CloudTasksClient } from '@google-cloud/tasks';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTasksClient } from '../dev/src/cloud-tasks/client.ts';
import { seconds } from '../dev/src/cloud-tasks/test-harness.ts';
import { closedPort } from './image-service.fixture.ts';
import { startImageServiceProcess, type ImageServiceProcess } from './support/image-process.ts';
import { seedDebitedJob } from './support/seed-job.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

/**
 * The real image service process on the test stack runs a real job that
 * Cloud Tasks delivers. The raw bytes no client library would send, to it
 * and to the video worker, are services.http-abuse.test.ts's to try.
 */
describe('image service process: a job delivered by Cloud Tasks', () => {
  const stack = testStack();
  let service: ImageServiceProcess;
  let url: string;
  let port: number;
  let exit: { code: number | null; signal: string | null } | undefined;
  let adminApp: App;
  let db: Firestore;
  let tasks: CloudTasksClient;
  const location = `projects/${stack.projectId}/locations/${stack.env.TASKS_LOCATION ?? 'us-central1'}`;
  const invokerEmail = stack.env.TASKS_INVOKER_EMAIL!;

  beforeAll(async () => {
    port = await closedPort();
    url = `http://127.0.0.1:${port}`;
    service = await startImageServiceProcess(port, {
      ...stack.env,
      IMAGE_SERVICE_URL: url,
      OIDC_CERTS_URL: stack.env.CLOUD_TASKS_OIDC_CERTS_URL,
    });
    void service.exited.then((ended) => (exit = ended));
    process.env.FIRESTORE_EMULATOR_HOST = stack.env.FIRESTORE_EMULATOR_HOST;
    adminApp = initializeApp({ projectId: stack.projectId }, uniquePrefix('malformed'));
    db = getFirestore(adminApp);
    tasks = createLocalTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST!);
  });

  afterAll(async () => {
    await service?.kill();
    await tasks?.close();
    if (adminApp) await deleteApp(adminApp);
  });

  /** The process has not exited and /healthz answers. */
  async function stillServing(): Promise<void> {
    expect(exit).toBeUndefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(exit).toBeUndefined();
  }

  it('runs a real job delivered by Cloud Tasks, and stays healthy', async () => {
    const { jobId } = await seedDebitedJob(db, {
      ...imageRequestDefaults,
      prompt: 'a lighthouse after the storm',
      count: 1,
      enhancePrompt: false,
    });
    const queue = `${location}/queues/malformed-${randomUUID().slice(0, 8)}`;
    await tasks.createQueue({
      parent: location,
      queue: {
        name: queue,
        retryConfig: { maxAttempts: 3, minBackoff: seconds(0.1), maxBackoff: seconds(0.5), maxDoublings: 2 },
      },
    });
    const ended = new Promise<string>((resolve, reject) => {
      const unsubscribe = db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
        const status = snapshot.get('status') as string | undefined;
        if (status === 'succeeded' || status === 'failed' || status === 'canceled') {
          unsubscribe();
          resolve(status);
        }
      }, reject);
    });
    await tasks.createTask({
      parent: queue,
      task: {
        httpRequest: {
          httpMethod: 'POST',
          url: `${url}/tasks/image`,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify({ jobId })),
          oidcToken: { serviceAccountEmail: invokerEmail, audience: url },
        },
      },
    });
    expect(await ended).toBe('succeeded');
    await stillServing();
  });
});
