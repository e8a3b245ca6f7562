import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  STARTING_GRANT_TOKENS,
  errorCodes,
  imageRequestDefaults,
  imageTaskId,
  quoteImageJob,
  spendPeriod,
  type JobDoc,
  type LedgerEntryDoc,
} from '@phoenix/core';
import { OAuth2Client } from 'google-auth-library';
import { logger } from 'firebase-functions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type EmulatorHarness,
  eventually,
  startEmulatorHarness,
} from '../dev/src/cloud-tasks/test-harness.ts';
import type { RecordingTarget } from '../dev/src/cloud-tasks/recording-target.ts';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { createImageTaskEnqueuer, type ImageTaskEnqueuer } from '../functions/src/task-queue.ts';
import { createCloudTasksClient } from '@phoenix/server';
import { fundAccount } from './support/accounts.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

// The createImageJob handler itself, with real firebase-admin against the
// Firestore emulator and a real CloudTasksClient: here against an emulator of
// its own (so the delivered request can be inspected), or a closed port (so the
// enqueue really fails).
const stack = testStack();
const invokerEmail = 'tasks-invoker@demo-phoenix.iam.gserviceaccount.com';
let admin: App;
let db: Firestore;
let harness: EmulatorHarness;
let imageService: RecordingTarget;
let queue: ImageTaskEnqueuer;

beforeAll(async () => {
  stack.useEmulatorEnv();
  admin = initializeApp({ projectId: stack.projectId }, uniquePrefix('admin'));
  db = getFirestore(admin);
  harness = await startEmulatorHarness({ project: stack.projectId, location: 'us-central1' });
  await harness.client.createQueue({
    parent: harness.location,
    queue: { name: `${harness.location}/queues/images` },
  });
  imageService = await harness.target();
  queue = createImageTaskEnqueuer({
    target: () => ({
      project: stack.projectId,
      location: 'us-central1',
      imageServiceUrl: imageService.url,
      invokerEmail,
    }),
    client: () => createCloudTasksClient(`127.0.0.1:${harness.emulator.grpcPort}`),
  });
});

afterAll(async () => {
  await harness.close();
  await deleteApp(admin);
});

const request = { ...imageRequestDefaults, prompt: 'a lighthouse under auroras', count: 3 };

async function ledgerOf(uid: string): Promise<Map<string, LedgerEntryDoc>> {
  const entries = await db.collection(`accounts/${uid}/ledger`).get();
  return new Map(entries.docs.map((entry) => [entry.id, entry.data() as LedgerEntryDoc]));
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('acceptImageJob', () => {
  it('writes the whole queued job and sends its task, OIDC-signed, to the image service', async () => {
    const uid = uniquePrefix('uid');
    await fundAccount(db, uid);
    const quote = quoteImageJob(request);

    const calledAtMs = Date.now();
    const { jobId } = await acceptImageJob({ db, queue }, uid, request);
    const answeredAtMs = Date.now();

    const job = (await db.doc(`jobs/${jobId}`).get()).data() as JobDoc;
    expect(job.acceptStartedAtMs).toBeGreaterThanOrEqual(calledAtMs);
    expect(job.acceptStartedAtMs).toBeLessThanOrEqual(answeredAtMs);
    expect(job).toEqual({
      uid,
      kind: 'image',
      acceptStartedAtMs: job.acceptStartedAtMs,
      status: 'queued',
      params: request,
      cost: {
        tokens: quote.tokens,
        reservedMicroUsd: quote.microUsd,
        tokensSettled: null,
        settledMicroUsd: null,
        tokensRefunded: 0,
        billedCalls: 0,
        // The whole estimate reserved on the month's budget, on one shard (the fast path).
        budget: {
          period: spendPeriod(Date.now()),
          shares: [{ shard: expect.any(Number), microUsd: quote.microUsd }],
        },
      },
      degradedFrom: null,
      attempts: 0,
      lease: null,
      finalDeliveryAt: null,
      error: null,
      outputRecords: {},
      outputs: [],
      filteredCount: 0,
      processingTimeMs: null,
      remixOf: null,
      createdAt: expect.anything(),
      updatedAt: expect.anything(),
      startedAt: null,
      finishedAt: null,
    });

    const [delivery] = await imageService.waitForRequests(1);
    expect(delivery!.method).toBe('POST');
    expect(delivery!.path).toBe('/tasks/image');
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(delivery!.body.toString())).toEqual({ jobId });
    expect(delivery!.headers['x-cloudtasks-queuename']).toBe('images');
    expect(delivery!.headers['x-cloudtasks-taskname']).toBe(imageTaskId(jobId));
    const idToken = (delivery!.headers.authorization ?? '').replace(/^Bearer /, '');
    const verifier = new OAuth2Client({
      endpoints: { oauth2FederatedSignonPemCertsUrl: harness.emulator.certsUrl },
    });
    const ticket = await verifier.verifyIdToken({ idToken, audience: imageService.url });
    expect(ticket.getPayload()?.email).toBe(invokerEmail);

    // A retried enqueue of the same job finds its task there and counts as done.
    await expect(queue.enqueueImageJob(jobId)).resolves.toBeUndefined();
  });

  it('fails and refunds the job when Cloud Tasks cannot be reached: one debit, one refund', async () => {
    const uid = uniquePrefix('uid');
    await fundAccount(db, uid);
    const port = await closedPort();
    const unreachable = createImageTaskEnqueuer({
      target: () => ({
        project: stack.projectId,
        location: 'us-central1',
        imageServiceUrl: imageService.url,
        invokerEmail,
      }),
      client: () => createCloudTasksClient(`127.0.0.1:${port}`),
    });

    const warned = vi.spyOn(logger, 'warn');
    const refusal = await acceptImageJob({ db, queue: unreachable }, uid, request).then(
      () => undefined,
      (error: unknown) => error,
    );
    const warnings = [...warned.mock.calls];
    warned.mockRestore();
    expect(refusal).toBeInstanceOf(PhoenixError);
    expect((refusal as PhoenixError).code).toBe('queue_unavailable');
    expect((refusal as PhoenixError).httpsCode).toBe('unavailable');

    const jobs = (await db.collection('jobs').where('uid', '==', uid).get()).docs;
    expect(jobs).toHaveLength(1);
    const jobId = jobs[0]!.id;
    const job = jobs[0]!.data() as JobDoc;
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'queue_unavailable', message: errorCodes.queue_unavailable.message });
    const { tokens } = quoteImageJob(request);
    expect(job.cost).toMatchObject({ tokens, tokensSettled: 0, settledMicroUsd: 0, tokensRefunded: tokens });
    expect(job.finishedAt?.toMillis()).toBeGreaterThan(0);
    // The ending the accept wrote logs the job's one job_ended line.
    const endedLines = warnings.filter(([, fields]) => fields?.event === 'job_ended');
    expect(endedLines).toEqual([
      [
        'job ended',
        { jobId, event: 'job_ended', kind: 'image', jobStatus: 'failed', pipelineMs: expect.any(Number) },
      ],
    ]);

    expect((await db.doc(`accounts/${uid}`).get()).get('balance')).toBe(STARTING_GRANT_TOKENS);
    const ledger = await ledgerOf(uid);
    expect([...ledger.keys()].sort()).toEqual([`debit_${jobId}`, 'grant_start', `refund_${jobId}`]);
    expect(ledger.get(`debit_${jobId}`)).toMatchObject({
      kind: 'debit',
      tokens: -tokens,
      balanceAfter: STARTING_GRANT_TOKENS - tokens,
    });
    expect(ledger.get(`refund_${jobId}`)).toMatchObject({
      kind: 'refund',
      tokens,
      balanceAfter: STARTING_GRANT_TOKENS,
      jobId,
      // A code the UI renders, never the raw Cloud Tasks error.
      reason: { code: 'job_failed', error: 'queue_unavailable' },
    });
    expect(JSON.stringify(ledger.get(`refund_${jobId}`))).not.toMatch(
      /UNAVAILABLE|ECONNREFUSED|127\.0\.0\.1/,
    );
  });

  it('sends the task a first call never sent when the same request id comes again, still debiting once', async () => {
    const uid = uniquePrefix('uid');
    await fundAccount(db, uid);
    const retried = { ...request, requestId: randomUUID() };
    // As if the first call's instance died after its transaction committed, before its enqueue.
    const diesBeforeEnqueue: ImageTaskEnqueuer = { enqueueImageJob: () => new Promise<never>(() => {}) };
    void acceptImageJob({ db, queue: diesBeforeEnqueue }, uid, retried);
    let jobId = '';
    await eventually('the first call to commit its job', async () => {
      const jobs = (await db.collection('jobs').where('uid', '==', uid).get()).docs;
      jobId = jobs[0]?.id ?? '';
      return jobs.length === 1;
    });

    await expect(acceptImageJob({ db, queue }, uid, retried)).resolves.toEqual({ jobId });

    await eventually('the task to reach the image service', () =>
      imageService.requests.some((delivery) => JSON.parse(delivery.body.toString()).jobId === jobId),
    );
    expect([...(await ledgerOf(uid)).keys()].sort()).toEqual([`debit_${jobId}`, 'grant_start']);
    expect((await db.doc(`jobs/${jobId}`).get()).get('status')).toBe('queued');
  });
});
