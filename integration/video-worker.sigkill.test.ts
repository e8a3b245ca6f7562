import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { paths, type LedgerEntryDoc, type VideoJobDoc } from '@phoenix/core';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, seconds, type EmulatorHarness } from '../dev/src/cloud-tasks/test-harness.ts';
import type { R2Fake } from '../dev/src/r2/server.ts';
import { repoRoot } from '../dev/src/stack/launch.ts';
import type { VertexFake } from '../dev/src/vertex/server.ts';
import { acceptVideoJob } from '../functions/src/video-jobs/create.ts';
import { closedPort } from './image-service.fixture.ts';
import { startVideoWorkerBackends, videoTaskProducer, videoWorkerEnv } from './video-worker.fixture.ts';
import { fundAccount } from './support/accounts.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

/**
 * The real video worker entrypoint as a process, SIGKILLed once its Veo
 * operation is stored, then started again as Cloud Run would: the job's
 * next delivery resumes the stored operation, and no second Veo job starts.
 */
const stack = testStack();
let app: App;
let db: Firestore;
let vertex: VertexFake;
let r2: R2Fake;
let tasks: EmulatorHarness;
let url: string;
let port: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  stack.useEmulatorEnv();
  app = initializeApp({ projectId: stack.projectId }, uniquePrefix('video-kill'));
  db = getFirestore(app);
  ({ vertex, r2, tasks } = await startVideoWorkerBackends(stack.projectId, {
    maxAttempts: 20,
    minBackoff: seconds(0.2),
    maxBackoff: seconds(0.5),
    maxDoublings: 1,
  }));
  port = await closedPort();
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await tasks?.close();
  await Promise.all([vertex?.close(), r2?.close()]);
  await deleteApp(app);
});

/** The worker as its own process, configured only through its environment; resolves once it answers. */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'runner/src/video/index.ts')], {
    cwd: repoRoot,
    stdio: 'ignore',
    env: {
      ...videoWorkerEnv(stack.projectId, { vertex, r2, tasks }, url),
      PATH: process.env.PATH,
      PORT: String(port),
      FIRESTORE_EMULATOR_HOST: stack.env.FIRESTORE_EMULATOR_HOST,
      METADATA_SERVER_DETECTION: 'none',
      VIDEO_LEASE_SECONDS: '3',
    },
  });
  children.push(child);
  await eventually(
    'the worker to answer',
    async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true,
  );
  return child;
}

describe('video worker process: SIGKILL after submit', () => {
  it(
    'resumes the stored operation in the restarted worker: one Veo job, charged once',
    { timeout: 60_000 },
    async () => {
      const uid = uniquePrefix('killed');
      await fundAccount(db, uid);
      const marker = uniquePrefix('kill');
      const first = await startWorker();
      const queue = videoTaskProducer(stack.projectId, tasks, url);
      const { jobId } = await acceptVideoJob({ db, queue }, uid, {
        prompt: `a kite in a storm ${marker} [fake: veo-ms=4000]`,
        durationSeconds: 4,
      });
      await eventually('the operation to be stored', async () =>
        Boolean(((await db.doc(paths.job(jobId)).get()).data() as VideoJobDoc).operationName),
      );
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      await startWorker();

      let job: VideoJobDoc | undefined;
      await eventually(
        'the job to end',
        async () => {
          job = (await db.doc(paths.job(jobId)).get()).data() as VideoJobDoc;
          return ['succeeded', 'failed'].includes(job.status);
        },
        40_000,
      );
      expect(job!.status).toBe('succeeded');
      const submits = vertex
        .requests()
        .filter((entry) => entry.method === 'predictLongRunning' && entry.prompt.includes(marker));
      expect(submits).toHaveLength(1);
      const ledger = (await db.collection(paths.ledger(uid)).get()).docs.map(
        (doc) => doc.data() as LedgerEntryDoc,
      );
      expect(ledger.map((line) => line.kind).sort()).toEqual(['debit', 'grant']);
    },
  );
});
