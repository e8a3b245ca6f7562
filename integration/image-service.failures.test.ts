import { errorCodes, STARTING_GRANT_TOKENS, type ImageRequest } from '@phoenix/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { grpcCodeOf } from '../dev/src/cloud-tasks/test-harness.ts';
import { allOutputsFilteredMessage } from '../runner/src/image/handle-task.ts';
import { closedPort, startImageServiceFixture, type ImageServiceFixture } from './image-service.fixture.ts';

const grpcNotFound = 5;
/** The fixture's `Retry-After` for a busy model, in seconds. */
const modelRetryAfterMs = 1000;

const imagen = (prompt: string, count = 2): ImageRequest => ({
  prompt,
  aspectRatio: '1:1',
  imageSize: '1K',
  count,
  model: 'imagen-4.0-fast-generate-001',
  enhancePrompt: false,
});

/** The user got every token back, through exactly one refund entry. */
async function expectRefundedOnce(service: ImageServiceFixture, uid: string, jobId: string, tokens: number) {
  expect(await service.balanceOf(uid)).toBe(STARTING_GRANT_TOKENS);
  const refunds = (await service.ledgerOf(uid)).filter((entry) => entry.kind === 'refund');
  expect(refunds).toEqual([{ id: `refund_${jobId}`, kind: 'refund', tokens, jobId }]);
  const job = await service.readJob(jobId);
  // The user is refunded everything; the budget is charged what Vertex billed: each model call
  // that returned an image, at the job's own price per output.
  const billed = job.cost.billedCalls ?? 0;
  expect(job.cost).toMatchObject({
    tokens,
    tokensSettled: 0,
    settledMicroUsd: (job.cost.reservedMicroUsd / job.params.count) * billed,
    tokensRefunded: tokens,
  });
  expect(job.lease).toBeNull();
  expect(job.finishedAt).not.toBeNull();
  expect(await service.postsOf(jobId)).toEqual([]);
}

describe('image service: jobs that fail or need another try', () => {
  let service: ImageServiceFixture;
  let queue: string;

  beforeAll(async () => {
    service = await startImageServiceFixture({ maxAttempts: 3 });
    queue = await service.createQueue();
  });

  afterEach(() => {
    service.vertex.reset();
  });

  afterAll(async () => {
    await service?.close();
  });

  it('fails a blocked Imagen prompt as safety_blocked, refunds it, and does not retry', async () => {
    const { jobId, uid, tokens } = await service.seedJob(imagen('a forbidden picture'));
    const taskName = await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'safety_blocked', message: errorCodes.safety_blocked.message });
    await expectRefundedOnce(service, uid, jobId, tokens);
    expect(await grpcCodeOf(service.tasks.client.getTask({ name: taskName }))).toBe(grpcNotFound);
    // The log line arrives through the process's stdout; the deleted task already proves no retry follows.
    await expect.poll(() => service.outcomesFor(jobId).length).toBeGreaterThan(0);
    expect(service.outcomesFor(jobId).map((entry) => entry.message)).toEqual(['image task failed']);
    expect(service.outcomesFor(jobId)[0]).toMatchObject({ severity: 'WARNING', errorCode: 'safety_blocked' });
  });

  it('fails a blocked Gemini prompt (a 200 carrying a block reason) the same way', async () => {
    const { jobId, uid, tokens } = await service.seedJob({
      ...imagen('something forbidden'),
      model: 'gemini-2.5-flash-image',
    });
    const response = await service.deliver({ jobId });
    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('failed');
    expect((await service.readJob(jobId)).error?.code).toBe('safety_blocked');
    await expectRefundedOnce(service, uid, jobId, tokens);
  });

  it('fails with its own message when the output filter took every image', async () => {
    const { jobId, uid, tokens } = await service.seedJob(imagen('a storm [fake: filter=4]', 2));
    expect((await service.deliver({ jobId })).status).toBe(200);
    const job = await service.readJob(jobId);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'safety_blocked', message: allOutputsFilteredMessage });
    await expectRefundedOnce(service, uid, jobId, tokens);
  });

  it('retries a model answering 429, honouring Retry-After, and then succeeds without a refund', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(imagen('a calm lake', 1));
    service.vertex.configure({ errorStatus: 429, errorCount: 2 });
    await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(3);
    expect(await service.postsOf(jobId)).toHaveLength(1);
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit);
    expect((await service.ledgerOf(uid)).some((entry) => entry.kind === 'refund')).toBe(false);

    const outcomes = service.outcomesFor(jobId);
    expect(outcomes.map((entry) => [entry.message, entry.attempt, entry.status])).toEqual([
      ['image task retry', 1, 503],
      ['image task retry', 2, 503],
      ['image task succeeded', 3, 200],
    ]);
    expect(outcomes[0]!.cause).toMatch(/model 429/);
  });

  it('fails and refunds once when the model is still down on the last attempt', async () => {
    const { jobId, uid, tokens } = await service.seedJob(imagen('a quiet street'));
    service.vertex.configure({ errorStatus: 500 });
    const taskName = await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(3);
    expect(job.error).toEqual({ code: 'model_unavailable', message: errorCodes.model_unavailable.message });
    await expectRefundedOnce(service, uid, jobId, tokens);
    expect(service.outcomesFor(jobId).map((entry) => [entry.message, entry.status])).toEqual([
      ['image task retry', 503],
      ['image task retry', 503],
      ['image task failed', 200],
    ]);
    // Cloud Tasks waited for Retry-After between tries, longer than the queue's own backoff.
    const [first, , last] = service.outcomesFor(jobId).map((entry) => Number(entry.loggedAtMs));
    expect(first).toBeGreaterThan(0);
    expect(last! - first!).toBeGreaterThanOrEqual(2 * modelRetryAfterMs - 50);
    expect(await grpcCodeOf(service.tasks.client.getTask({ name: taskName }))).toBe(grpcNotFound);

    // A stray redelivery afterwards changes nothing: still one refund.
    service.vertex.reset();
    const again = await service.deliver({ jobId }, { retryCount: 3 });
    expect(again.body).toMatchObject({ outcome: 'skipped', jobStatus: 'failed' });
    await expectRefundedOnce(service, uid, jobId, tokens);
  });
});

describe('image service: storage failing after the model answered', () => {
  let service: ImageServiceFixture;
  let queue: string;

  beforeAll(async () => {
    service = await startImageServiceFixture({
      maxAttempts: 3,
      r2Endpoint: `http://127.0.0.1:${await closedPort()}`,
    });
    queue = await service.createQueue();
  });

  afterAll(async () => {
    await service?.close();
  });

  it('retries while attempts remain, then fails as internal and refunds once', async () => {
    const { jobId, uid, tokens } = await service.seedJob(imagen('a windmill'));
    await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(3);
    expect(job.error).toEqual({ code: 'internal', message: errorCodes.internal.message });
    // The model answered each attempt, so Vertex billed each call though nothing was stored.
    expect((await service.readJob(jobId)).cost.billedCalls).toBeGreaterThan(0);
    await expectRefundedOnce(service, uid, jobId, tokens);
    const outcomes = service.outcomesFor(jobId);
    expect(outcomes.map((entry) => [entry.message, entry.status])).toEqual([
      ['image task retry', 500],
      ['image task retry', 500],
      ['image task failed', 200],
    ]);
    expect(outcomes[0]!.cause).toMatch(/ECONNREFUSED|connect/i);
  });
});
