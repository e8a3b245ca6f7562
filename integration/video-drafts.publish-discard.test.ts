import { PhoenixError, paths, type PostDoc } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../dev/src/cloud-tasks/test-harness.ts';
import { discardVideoFor, publishVideoFor } from '../functions/src/video-jobs/drafts.ts';
import { uniquePrefix } from './support/stack.ts';
import { startVideoWorkerFixture, type VideoWorkerFixture } from './video-worker.fixture.ts';

let fixture: VideoWorkerFixture;
beforeAll(async () => {
  fixture = await startVideoWorkerFixture();
});
afterAll(async () => {
  await fixture?.close();
});

async function finishedVideo(uid: string): Promise<string> {
  const jobId = await fixture.createVideoJob(uid, {
    prompt: `a kite over dunes ${uniquePrefix('draft')} [fake: veo-ms=300]`,
    durationSeconds: 4,
  });
  const { job } = await fixture.waitForEnd(jobId);
  expect(job.status).toBe('succeeded');
  return jobId;
}

const codeOf = (call: Promise<unknown>) =>
  call.then(
    () => 'resolved',
    (error: unknown) => (error instanceof PhoenixError ? error.code : String(error)),
  );

describe('video drafts', () => {
  it('publishes a finished draft once, as a video post in the feed, and only for its owner', async () => {
    const owner = await fixture.newUser();
    const stranger = await fixture.newUser();
    const jobId = await finishedVideo(owner);

    expect(await codeOf(publishVideoFor(fixture.db, stranger, { jobId }))).toBe('not_found');
    expect((await fixture.readJob(jobId)).publishedPostId).toBeNull();

    const { postId } = await publishVideoFor(fixture.db, owner, { jobId });
    expect(await publishVideoFor(fixture.db, owner, { jobId })).toEqual({ postId });
    const post = (await fixture.db.doc(paths.post(postId)).get()).data() as PostDoc;
    const [output] = (await fixture.readJob(jobId)).outputs;
    expect(post).toMatchObject({
      kind: 'video',
      ownerUid: owner,
      jobId,
      hidden: false,
      likeCount: 0,
      imageUrl: output!.posterUrl,
      video: { videoUrl: output!.videoUrl, durationSeconds: output!.durationSeconds, bytes: output!.bytes },
    });
    // A published video is the post's now: discarding the draft is refused.
    expect(await codeOf(discardVideoFor({ db: fixture.db, media: fixture.queue }, owner, { jobId }))).toBe(
      'invalid_transition',
    );
  });

  it('discards a finished draft for its owner only, and its media are deleted', async () => {
    const owner = await fixture.newUser();
    const stranger = await fixture.newUser();
    const jobId = await finishedVideo(owner);
    const [output] = (await fixture.readJob(jobId)).outputs;
    expect((await fetch(output!.videoUrl)).status).toBe(200);

    const media = { db: fixture.db, media: fixture.queue };
    expect(await codeOf(discardVideoFor(media, stranger, { jobId }))).toBe('not_found');
    expect((await fixture.readJob(jobId)).discardedAt ?? null).toBeNull();

    await discardVideoFor(media, owner, { jobId });
    expect((await fixture.readJob(jobId)).discardedAt).toBeTruthy();
    for (const url of [output!.videoUrl, output!.posterUrl, output!.thumbUrl]) {
      await eventually(`${url} to be deleted`, async () => (await fetch(url)).status === 404);
    }
    // Gone from the drafts: neither publish nor a second discard finds it.
    expect(await codeOf(publishVideoFor(fixture.db, owner, { jobId }))).toBe('not_found');
    expect(await codeOf(discardVideoFor(media, owner, { jobId }))).toBe('not_found');
  });

  it('discards a failed draft, which has no media to delete, and refuses one still being made', async () => {
    const owner = await fixture.newUser();
    const slow = await fixture.createVideoJob(owner, {
      prompt: `slow tide ${uniquePrefix('slow')} [fake: veo-ms=5000]`,
      durationSeconds: 4,
    });
    const purged: string[] = [];
    const media = {
      db: fixture.db,
      media: { purgeVideoMedia: async (jobId: string) => void purged.push(jobId) },
    };
    expect(await codeOf(discardVideoFor(media, owner, { jobId: slow }))).toBe('invalid_transition');

    const failed = await fixture.createVideoJob(owner, {
      prompt: `a kite ${uniquePrefix('fail')} [fake: veo-fail]`,
      durationSeconds: 4,
    });
    expect((await fixture.waitForEnd(failed)).job.status).toBe('failed');

    await discardVideoFor(media, owner, { jobId: failed });
    expect((await fixture.readJob(failed)).discardedAt).toBeTruthy();
    expect(purged).toEqual([]);
    expect(await codeOf(discardVideoFor(media, owner, { jobId: failed }))).toBe('not_found');
    await fixture.waitForEnd(slow);
  });

  it('refuses to publish a draft that is not finished', async () => {
    const owner = await fixture.newUser();
    const jobId = await fixture.createVideoJob(owner, {
      prompt: `slow clouds ${uniquePrefix('slow')} [fake: veo-ms=5000]`,
      durationSeconds: 4,
    });
    expect(await codeOf(publishVideoFor(fixture.db, owner, { jobId }))).toBe('invalid_transition');
    expect(await codeOf(publishVideoFor(fixture.db, owner, { jobId: 'a/b' }))).toBe('invalid_argument');
    await fixture.waitForEnd(jobId);
  });
});
