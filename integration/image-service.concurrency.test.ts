import { jobLeaseMs, type ImageRequest } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../dev/src/cloud-tasks/test-harness.ts';
import { startImageServiceFixture, type ImageServiceFixture } from './image-service.fixture.ts';

/** The fake holds each model answer this long, so requests overlap for sure. */
const heldPrompt = (subject: string, latencyMs: number) => `${subject} [fake: latency=${latencyMs}]`;

const request = (prompt: string, count = 1): ImageRequest => ({
  prompt,
  aspectRatio: '1:1',
  imageSize: '1K',
  count,
  model: 'imagen-4.0-fast-generate-001',
  enhancePrompt: false,
});

describe('image service under concurrent deliveries', () => {
  let service: ImageServiceFixture;

  beforeAll(async () => {
    service = await startImageServiceFixture({ concurrency: 8 });
    await service.mintToken();
  });

  afterAll(async () => {
    await service?.close();
  });

  it('answers the 9th concurrent task with 429 and Retry-After, touching nothing, while health checks still pass', async () => {
    const held = await Promise.all(
      Array.from({ length: 8 }, (_, index) => service.seedJob(request(heldPrompt(`held ${index}`, 5000)))),
    );
    const ninth = await service.seedJob(request('the ninth'));

    const inFlight = held.map(({ jobId }) => service.deliver({ jobId }));
    await eventually('8 tasks in flight', () => service.deps.gate.inFlight === 8, 10_000);

    const refused = await service.deliver({ jobId: ninth.jobId });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('overloaded');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    const untouched = await service.readJob(ninth.jobId);
    expect(untouched).toMatchObject({ status: 'queued', attempts: 0, lease: null });

    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(service.deps.gate.inFlight).toBe(0);

    // Cloud Tasks would come back after Retry-After; by then a slot is free.
    const retried = await service.deliver({ jobId: ninth.jobId }, { retryCount: 1 });
    expect(retried.status).toBe(200);
    expect((await service.readJob(ninth.jobId)).status).toBe('succeeded');
  });

  it('ends a last delivery it has no slot for as overloaded and refunds it, instead of letting the task drop', async () => {
    const held = await Promise.all(
      Array.from({ length: 8 }, (_, index) => service.seedJob(request(heldPrompt(`full ${index}`, 5000)))),
    );
    const last = await service.seedJob(request('arrives on its last attempt', 2));
    const inFlight = held.map(({ jobId }) => service.deliver({ jobId }));
    await eventually('8 tasks in flight', () => service.deps.gate.inFlight === 8, 10_000);

    const finalRetryCount = service.deps.tasks.queueMaxAttempts - 1;
    const shed = await service.deliver({ jobId: last.jobId }, { retryCount: finalRetryCount });
    expect(shed.status).toBe(200);
    expect(await service.readJob(last.jobId)).toMatchObject({
      status: 'failed',
      error: { code: 'overloaded' },
      cost: { tokensRefunded: 2 },
      lease: null,
    });
    expect(await service.balanceOf(last.uid)).toBe(last.balanceAfterDebit + 2);
    expect((await service.ledgerOf(last.uid)).map((entry) => entry.kind).sort()).toEqual([
      'debit',
      'grant',
      'refund',
    ]);
    expect(await service.postsOf(last.jobId)).toHaveLength(0);
    await Promise.all(inFlight);
  });

  it('lets one of two simultaneous deliveries work and backs the other off until the lease runs out', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(request(heldPrompt('twins', 3000), 2));

    const answers = await Promise.all([service.deliver({ jobId }), service.deliver({ jobId })]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 429]);
    const busy = answers.find((answer) => answer.status === 429)!;
    expect(busy.body.error?.code).toBe('job_busy');
    const retryAfterSeconds = Number(busy.headers.get('retry-after'));
    expect(retryAfterSeconds).toBeGreaterThan(jobLeaseMs / 1000 - 30);
    // Rounded up, and the twin may read its clock a hair before the holder took the lease.
    expect(retryAfterSeconds).toBeLessThanOrEqual(jobLeaseMs / 1000 + 1);

    const job = await service.readJob(jobId);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1, lease: null });
    expect(await service.postsOf(jobId)).toHaveLength(2);
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit);
    expect((await service.ledgerOf(uid)).map((entry) => entry.kind).sort()).toEqual(['debit', 'grant']);

    // The backed-off twin comes back later and finds nothing to do.
    const late = await service.deliver({ jobId }, { retryCount: 1 });
    expect(late.body).toMatchObject({ outcome: 'skipped', jobStatus: 'succeeded' });
    expect(await service.postsOf(jobId)).toHaveLength(2);
  });

  it('produces one set of posts and one charge when Cloud Tasks delivers two tasks for one job at once', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(
      request(heldPrompt('two tasks', 3000), 3),
    );
    const queue = await service.createQueue();
    await Promise.all([service.enqueue(queue, jobId, 'first'), service.enqueue(queue, jobId, 'second')]);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('succeeded');
    await eventually('both deliveries answered', () => service.outcomesFor(jobId).length >= 2);
    const outcomes = service.outcomesFor(jobId).map((entry) => entry.message);
    expect(outcomes.filter((message) => message === 'image task succeeded')).toHaveLength(1);
    // The emulator's dispatch order and timing are its own: the twin either meets the lease or the finished job.
    expect(outcomes.filter((message) => message !== 'image task succeeded')).toEqual([
      expect.stringMatching(/^image task (busy|skipped)$/),
    ]);
    expect(job.attempts).toBe(1);
    expect(await service.postsOf(jobId)).toHaveLength(3);
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit);
    expect((await service.ledgerOf(uid)).filter((entry) => entry.jobId === jobId)).toHaveLength(1);
  });
});
