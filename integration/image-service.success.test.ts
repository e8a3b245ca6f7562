import { createHash } from 'node:crypto';
import type { ImageRequest } from '@phoenix/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcCodeOf } from '../dev/src/cloud-tasks/test-harness.ts';
import { createLocalGenAI } from '../dev/src/vertex/client.ts';
import { renderImage } from '../runner/src/image/render.ts';
import { startImageServiceFixture, type ImageServiceFixture } from './image-service.fixture.ts';
import { quoteAtAccept } from './support/seed-job.ts';
import { uniquePrefix } from './support/stack.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const grpcNotFound = 5;

/** Exactly the fields a post may carry: it is readable by everyone. */
const publicPostFields = [
  'aspectRatio',
  'createdAt',
  'dominantColor',
  'enhancePrompt',
  'height',
  'hidden',
  'hiddenReason',
  'imageSize',
  'imageUrl',
  'jobId',
  'kind',
  'likeCount',
  'model',
  'negativePrompt',
  'ownerUid',
  'placeholder',
  'prompt',
  'remixOf',
  'seed',
  'thumbUrl',
  'width',
];

async function download(url: string) {
  const response = await fetch(url);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

describe('image service: jobs that succeed', () => {
  let service: ImageServiceFixture;
  let queue: string;

  beforeAll(async () => {
    service = await startImageServiceFixture();
    queue = await service.createQueue();
  });

  afterAll(async () => {
    await service?.close();
  });

  it('runs an Imagen job delivered by Cloud Tasks: posts, R2 files, job and money all right', async () => {
    const params: ImageRequest = {
      prompt: 'a red fox in snow',
      negativePrompt: 'blurry',
      aspectRatio: '16:9',
      imageSize: '1K',
      count: 2,
      seed: 42,
      model: 'imagen-4.0-generate-001',
      enhancePrompt: false,
    };
    const remixOf = { postId: uniquePrefix('source'), ownerUid: uniquePrefix('author') };
    const { jobId, uid, tokens, balanceAfterDebit } = await service.seedJob(params, { remixOf });
    const taskName = await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.error).toBeNull();
    expect(job.attempts).toBe(1);
    expect(job.lease).toBeNull();
    expect(job.filteredCount).toBe(0);
    expect(job.processingTimeMs).toBeGreaterThanOrEqual(0);
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt!.toMillis()).toBeGreaterThanOrEqual(job.startedAt!.toMillis());
    expect(job.cost).toEqual({
      tokens,
      reservedMicroUsd: quoteAtAccept(params).microUsd,
      tokensSettled: tokens,
      settledMicroUsd: quoteAtAccept(params).microUsd,
      tokensRefunded: 0,
      // Two model calls, each billed once.
      billedCalls: 2,
    });
    expect(job.outputs.map((output) => output.postId)).toEqual([`${jobId}_0`, `${jobId}_1`]);

    const posts = await service.postsOf(jobId);
    expect(posts.map((post) => post.id)).toEqual([`${jobId}_0`, `${jobId}_1`]);
    for (const [index, post] of posts.entries()) {
      const { id: _id, ...fields } = post;
      expect(Object.keys(fields).sort()).toEqual(publicPostFields);
      expect(fields).toMatchObject({
        kind: 'image',
        ownerUid: uid,
        jobId,
        prompt: params.prompt,
        negativePrompt: 'blurry',
        aspectRatio: '16:9',
        model: params.model,
        seed: 42,
        enhancePrompt: false,
        width: 1024,
        height: 576,
        imageSize: '1K',
        likeCount: 0,
        hidden: false,
        hiddenReason: null,
        remixOf,
        imageUrl: `${service.r2.publicBaseUrl}images/${uid}/img_${jobId}_${index}_a1.webp`,
        thumbUrl: `${service.r2.publicBaseUrl}images/${uid}/img_${jobId}_${index}_a1_thumb.webp`,
      });
      expect(post.placeholder).toMatch(/^data:image\/webp;base64,/);
      expect(post.placeholder.length).toBeLessThan(1024);
      expect(post.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(post.createdAt.toMillis()).toBeGreaterThan(0);
      expect(job.outputs[index]).toEqual({
        postId: post.id,
        imageUrl: post.imageUrl,
        thumbUrl: post.thumbUrl,
        width: post.width,
        height: post.height,
        placeholder: post.placeholder,
      });
    }
    // The author's public post count follows, in the same transaction as the posts.
    expect((await service.db.doc(`profiles/${uid}`).get()).get('counts.posts')).toBe(2);

    // The same seeded request, asked of the model directly and rendered the same way, gives the same bytes.
    const direct = await createLocalGenAI({ baseUrl: service.vertex.url }).models.generateImages({
      model: params.model,
      prompt: params.prompt,
      config: {
        numberOfImages: 2,
        aspectRatio: '16:9',
        negativePrompt: 'blurry',
        seed: 42,
        addWatermark: false,
        enhancePrompt: false,
      },
    });
    for (const [index, post] of posts.entries()) {
      const expected = await renderImage(
        Buffer.from(direct.generatedImages![index]!.image!.imageBytes!, 'base64'),
      );
      const full = await download(post.imageUrl);
      expect(full).toMatchObject({
        status: 200,
        contentType: 'image/webp',
        cacheControl: 'public, max-age=31536000, immutable',
      });
      expect(sha256(full.bytes)).toBe(sha256(expected.full));
      const thumb = await download(post.thumbUrl);
      expect(thumb).toMatchObject({
        status: 200,
        contentType: 'image/webp',
        cacheControl: 'public, max-age=31536000, immutable',
      });
      expect(sha256(thumb.bytes)).toBe(sha256(expected.thumbnail));
      expect(await sharp(thumb.bytes).metadata()).toMatchObject({ format: 'webp', width: 256, height: 144 });
    }

    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit);
    expect((await service.ledgerOf(uid)).map((entry) => entry.id)).toEqual([`debit_${jobId}`, 'grant_start']);
    expect(await grpcCodeOf(service.tasks.client.getTask({ name: taskName }))).toBe(grpcNotFound);
    expect(service.outcomesFor(jobId)).toMatchObject([
      { severity: 'INFO', message: 'image task succeeded', attempt: 1, outputs: 2, filtered: 0 },
    ]);
    expect(service.outcomesFor(jobId)[0]!.durationMs).toEqual(expect.any(Number));
  });

  it('answers a redelivery of a finished job with 2xx and changes nothing', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob({
      prompt: 'a paper boat',
      aspectRatio: '1:1',
      imageSize: '1K',
      count: 1,
      model: 'imagen-4.0-fast-generate-001',
      enhancePrompt: false,
    });
    expect((await service.deliver({ jobId })).status).toBe(200);
    const finished = await service.readJob(jobId);
    expect(finished.status).toBe('succeeded');

    const again = await service.deliver({ jobId }, { retryCount: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'skipped', jobStatus: 'succeeded' });

    const after = await service.readJob(jobId);
    expect(after.updatedAt.toMillis()).toBe(finished.updatedAt.toMillis());
    expect(after.attempts).toBe(1);
    expect(await service.postsOf(jobId)).toHaveLength(1);
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit);
    expect(await service.ledgerOf(uid)).toHaveLength(2);
  });

  it('runs a Gemini image job: one call per variation, each with its own seed', async () => {
    const params: ImageRequest = {
      prompt: 'a lighthouse at dusk',
      negativePrompt: 'people',
      aspectRatio: '3:4',
      imageSize: '1K',
      count: 2,
      seed: 5,
      model: 'gemini-2.5-flash-image',
      enhancePrompt: true,
    };
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    expect(job.status).toBe('succeeded');
    const posts = await service.postsOf(jobId);
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post).toMatchObject({
        model: 'gemini-2.5-flash-image',
        prompt: params.prompt,
        negativePrompt: 'people',
        seed: 5,
        enhancePrompt: true,
        width: 768,
        height: 1024,
      });
    }
    const [first, second] = await Promise.all(posts.map((post) => download(post.imageUrl)));
    expect(first!.contentType).toBe('image/webp');
    expect(sha256(first!.bytes)).not.toBe(sha256(second!.bytes));
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit);
  });

  it('keeps what came back when the output filter took some, and refunds the rest once', async () => {
    const params: ImageRequest = {
      prompt: 'a crowded market [fake: filter=1]',
      aspectRatio: '4:3',
      imageSize: '1K',
      count: 3,
      model: 'imagen-4.0-generate-001',
      enhancePrompt: false,
    };
    const { jobId, uid, tokens, balanceAfterDebit } = await service.seedJob(params);
    await service.enqueue(queue, jobId);

    const job = await service.waitForJobToEnd(jobId);
    const perOutput = tokens / 3;
    expect(job.status).toBe('succeeded');
    expect(job.outputs).toHaveLength(2);
    expect(job.filteredCount).toBe(1);
    expect(job.cost).toMatchObject({ tokens, tokensSettled: 2 * perOutput, tokensRefunded: perOutput });
    expect(await service.postsOf(jobId)).toHaveLength(2);
    expect(await service.balanceOf(uid)).toBe(balanceAfterDebit + perOutput);
    const refunds = (await service.ledgerOf(uid)).filter((entry) => entry.kind === 'refund');
    expect(refunds).toEqual([{ id: `refund_${jobId}`, kind: 'refund', tokens: perOutput, jobId }]);
  });
});
