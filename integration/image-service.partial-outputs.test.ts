import { imageRequestDefaults, type ImageRequest } from '@phoenix/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startImageServiceFixture, type ImageServiceFixture } from './image-service.fixture.ts';

const gemini = (prompt: string, count: number): ImageRequest => ({
  ...imageRequestDefaults,
  prompt,
  count,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: false,
});

/**
 * Paid outputs are kept: what a delivery generated and stored is never made,
 * or paid for, again. Counted on the Vertex fake's own request record.
 */
describe('image service: outputs already made survive a retry', () => {
  let service: ImageServiceFixture;
  let queue: string;

  beforeAll(async () => {
    service = await startImageServiceFixture({ maxAttempts: 3 });
    queue = await service.createQueue();
  });

  afterEach(() => {
    service.vertex.reset();
    service.vertex.clearRequests();
  });

  afterAll(async () => {
    await service?.close();
  });

  it('keeps three images when one Gemini call of four meets a 429, and the retry makes only the fourth', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(gemini('four lanterns on a river', 4));
    service.vertex.configure({ errorStatus: 429, errorCount: 1 });
    await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(2);
    const calls = service.vertex.requests().filter((request) => request.method === 'generateContent');
    expect(calls.map((request) => request.status).sort()).toEqual([200, 200, 200, 200, 429]);
    // Every call at the model's own location.
    expect(new Set(calls.map((request) => request.location))).toEqual(new Set(['global']));

    const posts = await service.postsOf(jobId);
    expect(posts).toHaveLength(4);
    // Three made by the first attempt, one by the second, each under its attempt's keys.
    const attempts = posts.map((post) => /_a(\d+)\.webp$/.exec(post.imageUrl)?.[1]).sort();
    expect(attempts).toEqual(['1', '1', '1', '2']);
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit);
    expect((await service.ledgerOf(uid)).some((entry) => entry.kind === 'refund')).toBe(false);
  });

  it('settles what it has when the model stays down on the last attempt, refunding only the rest', async () => {
    const { jobId, uid, tokens, balanceAfterDebit } = await service.seedJob(gemini('two kites at dusk', 2));
    // First attempt: one call of two fails, so one image is stored and the lease given back.
    service.vertex.configure({ errorStatus: 503, errorCount: 1 });
    await service.enqueue(queue, jobId);
    await expect
      .poll(async () => {
        const job = await service.readJob(jobId);
        return [Object.keys(job.outputRecords ?? {}).length, job.lease];
      })
      .toEqual([1, null]);
    // From then on the model is down for good.
    service.vertex.configure({ errorStatus: 503, errorCount: null });

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(3);
    expect(job.outputs).toHaveLength(1);
    expect(job.cost).toMatchObject({ tokens, tokensSettled: tokens / 2, tokensRefunded: tokens / 2 });
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit + tokens / 2);
    const refunds = (await service.ledgerOf(uid)).filter((entry) => entry.kind === 'refund');
    expect(refunds).toEqual([{ id: `refund_${jobId}`, kind: 'refund', tokens: tokens / 2, jobId }]);
  });
});
