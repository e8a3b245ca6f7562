import { imageRequestDefaults, paths, type ImageRequest, type ImageJobDoc } from '@phoenix/core';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seconds, startEmulatorHarness, type EmulatorHarness } from '../dev/src/cloud-tasks/test-harness.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';
import { closedPort } from './image-service.fixture.ts';
import { startImageServiceProcess, type ImageServiceProcess } from './support/image-process.ts';
import { seedDebitedJob } from './support/seed-job.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

/** Short enough for a test, long enough that retries meet the dead holder's live lease. */
const leaseSeconds = 10;
const maxAttempts = 8;

/** Resolves with the job once `done` holds for it, from a live listener. */
function jobWhen(db: Firestore, jobId: string, done: (job: ImageJobDoc) => boolean): Promise<ImageJobDoc> {
  return new Promise((resolve, reject) => {
    const stop = db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
      const job = snapshot.data() as ImageJobDoc | undefined;
      if (job && done(job)) {
        stop();
        resolve(job);
      }
    }, reject);
  });
}

/**
 * A holder killed mid-job (SIGKILL: no drain, no release) behind a queue that
 * ignores Retry-After, as real Cloud Tasks may: every redelivery meets the
 * dead holder's lease, and the last one must not answer "busy" into a dropped
 * task. The job is taken over once the lease lapses and finishes, charged once.
 */
describe('image service: a holder that dies mid-job', () => {
  const stack = testStack();
  let adminApp: App;
  let db: Firestore;
  let vertex: VertexFake;
  let tasks: EmulatorHarness;
  const processes: ImageServiceProcess[] = [];

  beforeAll(async () => {
    process.env.FIRESTORE_EMULATOR_HOST = stack.env.FIRESTORE_EMULATOR_HOST;
    adminApp = initializeApp({ projectId: stack.projectId }, uniquePrefix('takeover'));
    db = getFirestore(adminApp);
    [vertex, tasks] = await Promise.all([
      startVertexFake({ port: 0, logger: () => {} }),
      startEmulatorHarness({ minDispatchDeadlineMs: 0, honourRetryAfter: false }),
    ]);
  });

  afterAll(async () => {
    await Promise.all(processes.map((running) => running.kill()));
    await Promise.all([vertex?.close(), tasks?.close()]);
    if (adminApp) await deleteApp(adminApp);
  });

  it(
    'is taken over once its lease lapses, and the last delivery never answers busy',
    { timeout: 90_000 },
    async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}`;
      const env = {
        ...stack.env,
        GOOGLE_VERTEX_BASE_URL: vertex.url,
        OIDC_CERTS_URL: tasks.emulator.certsUrl,
        IMAGE_SERVICE_URL: url,
        IMAGE_QUEUE_MAX_ATTEMPTS: String(maxAttempts),
        IMAGE_LEASE_SECONDS: String(leaseSeconds),
        IMAGE_MODEL_RETRY_AFTER_SECONDS: '1',
      };
      const params: ImageRequest = { ...imageRequestDefaults, prompt: 'a lighthouse in a storm', count: 2 };
      const seeded = await seedDebitedJob(db, params);
      const queue = await tasks.createQueue('takeover', {
        // One try a second: the redeliveries land inside the dead holder's lease.
        retryConfig: { maxAttempts, minBackoff: seconds(1), maxBackoff: seconds(1), maxDoublings: 0 },
      });

      // The first holder: its model calls hang, so it dies holding the job.
      vertex.configure({ latencyMs: 600_000 });
      const first = await startImageServiceProcess(port, env);
      processes.push(first);
      const held = jobWhen(db, seeded.jobId, (job) => job.status === 'running' && job.lease !== null);
      await tasks.client.createTask({
        parent: queue,
        task: {
          name: `${queue}/tasks/image-${seeded.jobId}`,
          httpRequest: {
            httpMethod: 'POST',
            url: `${url}/tasks/image`,
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify({ jobId: seeded.jobId })),
            oidcToken: { serviceAccountEmail: stack.env.TASKS_INVOKER_EMAIL!, audience: url },
          },
        },
      });
      await held;
      await first.kill();

      // A fresh instance on the same address, as Cloud Run would start, and a model that answers.
      vertex.configure({ latencyMs: 0 });
      const second = await startImageServiceProcess(port, env);
      processes.push(second);

      const ended = await jobWhen(db, seeded.jobId, (job) => !['queued', 'running'].includes(job.status));
      expect(ended.status).toBe('succeeded');
      expect(ended.outputs).toHaveLength(2);
      expect(ended.attempts).toBeGreaterThanOrEqual(2);
      expect(ended.cost).toMatchObject({ tokens: seeded.tokens, tokensRefunded: 0 });
      // The dead holder recorded nothing; the outputs are the new holder's, under its own attempt's keys.
      for (const output of ended.outputs) {
        expect(output.imageUrl).not.toMatch(/_a1\.webp$/);
        expect((await fetch(output.imageUrl)).status).toBe(200);
      }
      const outcomes = second.logs.filter((line) => String(line.message).startsWith('image task '));
      expect(
        outcomes.filter((line) => line.attempt === maxAttempts && line.message === 'image task busy'),
      ).toEqual([]);
      expect(outcomes.filter((line) => line.message === 'image task succeeded')).toHaveLength(1);
      expect((await db.doc(paths.account(seeded.uid)).get()).get('balance')).toBe(seeded.balanceAfterDebit);
    },
  );
});
