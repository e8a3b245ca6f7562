import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PhoenixError, paths, quoteVideoJob, videoJobDeadlineMs } from '@phoenix/core';
import { Timestamp } from 'firebase-admin/firestore';
import { endOverdueJobs } from '../functions/src/image-jobs/sweep.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../dev/src/cloud-tasks/test-harness.ts';
import { uniquePrefix } from './support/stack.ts';
import { startVideoWorkerFixture, type VideoWorkerFixture } from './video-worker.fixture.ts';

let fixture: VideoWorkerFixture;
beforeAll(async () => {
  fixture = await startVideoWorkerFixture();
});
afterAll(async () => {
  await fixture?.close();
});

/** A 4 s video the fake renders in about `veoMs`, with a marker to count its Veo calls by. */
function request(marker: string, veoMs = 1500, extra: Record<string, unknown> = {}) {
  return {
    prompt: `a red fox crossing snow ${marker} [fake: veo-ms=${veoMs}]`,
    durationSeconds: 4,
    ...extra,
  };
}

/** Byte offset of a top-level MP4 box, or -1. */
function boxOffset(mp4: Buffer, type: string): number {
  let offset = 0;
  while (offset + 8 <= mp4.length) {
    const size = mp4.readUInt32BE(offset);
    if (mp4.toString('latin1', offset + 4, offset + 8) === type) return offset;
    if (size < 8) return -1;
    offset += size;
  }
  return -1;
}

async function probeDuration(mp4: Buffer): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'probe-'));
  try {
    await writeFile(join(folder, 'v.mp4'), mp4);
    const { stdout } = await promisify(execFile)('ffprobe', [
      ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0'],
      join(folder, 'v.mp4'),
    ]);
    return Number(stdout.trim());
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe('the video worker, poll-task design', () => {
  it('submits once, shows its phases live, and stores a faststart MP4 with a poster, charged once', async () => {
    const uid = await fixture.newUser();
    const marker = uniquePrefix('fox');
    const jobId = await fixture.createVideoJob(uid, request(marker));
    const { job, phases } = await fixture.waitForEnd(jobId);

    expect(job.status).toBe('succeeded');
    expect(phases).toContain('generating');
    expect(job.operationName).toMatch(/\/models\/veo-3\.1-fast-generate-001\/operations\//);
    expect(job.phase).toBeNull();
    expect(fixture.submitsFor(marker)).toBe(1);

    const [output] = job.outputs;
    const mp4 = Buffer.from(await (await fetch(output!.videoUrl)).arrayBuffer());
    expect(mp4.length).toBe(output!.bytes);
    expect(boxOffset(mp4, 'moov')).toBeLessThan(boxOffset(mp4, 'mdat'));
    expect(await probeDuration(mp4)).toBeCloseTo(4, 0);
    expect(output!.durationSeconds).toBeCloseTo(4, 0);
    const poster = await fetch(output!.posterUrl);
    expect(poster.headers.get('content-type')).toBe('image/webp');
    expect(output!.videoUrl).toContain(`videos/${uid}/vid_${jobId}.mp4`);

    const price = quoteVideoJob({
      model: 'veo-3.1-fast-generate-001',
      durationSeconds: 4,
      generateAudio: true,
    });
    expect(await fixture.balanceOf(uid)).toBe(50 - price.tokens);
    const ledger = await fixture.ledgerOf(uid);
    expect(ledger.filter((line) => line.kind === 'debit')).toHaveLength(1);
    expect(ledger.filter((line) => line.kind === 'refund')).toHaveLength(0);
    expect(job.cost).toMatchObject({ tokensSettled: price.tokens, settledMicroUsd: price.microUsd });
  });

  it('resumes the stored operation when the submitting delivery is redelivered after its answer was lost', async () => {
    const uid = await fixture.newUser();
    const marker = uniquePrefix('lost');
    const jobId = await fixture.createVideoJob(uid, request(marker, 2500));
    // The worker goes away once the operation is stored: the submit's answer never reaches Cloud Tasks.
    await eventually('the operation to be stored', async () => {
      if (!(await fixture.readJob(jobId)).operationName) return false;
      fixture.kill();
      return true;
    });
    await eventually('Cloud Tasks to retry into the dead worker', async () => {
      const [tasks] = await fixture.tasks.client.listTasks({
        parent: `${fixture.tasks.location}/queues/videos`,
      });
      return tasks.some((task) => (task.dispatchCount ?? 0) >= 2);
    });
    fixture.revive();
    const { job } = await fixture.waitForEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(fixture.submitsFor(marker)).toBe(1);
    const ledger = await fixture.ledgerOf(uid);
    expect(ledger.filter((line) => line.kind === 'debit')).toHaveLength(1);
    expect(ledger.filter((line) => line.kind === 'refund')).toHaveLength(0);
  });

  it('a duplicate of a poll task starts no second chain and no second Veo job', async () => {
    const uid = await fixture.newUser();
    const marker = uniquePrefix('twin');
    const jobId = await fixture.createVideoJob(uid, request(marker, 3000));
    await eventually('the first poll', async () => (await fixture.readJob(jobId)).phase === 'generating');
    // A second task with the first poll's body, as a redelivery of it would be; Cloud Tasks retries it past busy answers.
    await fixture.tasks.client.createTask({
      parent: `${fixture.tasks.location}/queues/videos`,
      task: {
        httpRequest: {
          httpMethod: 'POST',
          url: `${fixture.url}/tasks/video`,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify({ jobId, poll: 1 })),
          oidcToken: { serviceAccountEmail: fixture.invokerEmail, audience: fixture.url },
        },
      },
    });
    const { job } = await fixture.waitForEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(fixture.submitsFor(marker)).toBe(1);
    // One chain of polls: past the duplicated first, each poll ran once.
    const polls = fixture.logs
      .filter((entry) => entry.jobId === jobId && entry.message === 'video task polled')
      .map((entry) => entry.poll as number);
    expect(polls).toContain(1);
    const later = polls.filter((poll) => poll > 1);
    expect(new Set(later).size).toBe(later.length);
    const ledger = await fixture.ledgerOf(uid);
    expect(ledger.map((line) => line.kind).sort()).toEqual(['debit', 'grant']);
  });

  it.each([
    ['a failed operation', '[fake: veo-fail]', 'model_unavailable'],
    ['a filtered video', '[fake: filter=1]', 'safety_blocked'],
    ['a refused prompt', '[fake: block]', 'safety_blocked'],
  ])('%s fails the job with a reason and refunds it once', async (_name, directive, code) => {
    const uid = await fixture.newUser();
    const marker = uniquePrefix('fail');
    const jobId = await fixture.createVideoJob(uid, request(`${marker} ${directive}`, 300));
    const { job } = await fixture.waitForEnd(jobId);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe(code);
    expect(job.error?.message).toMatch(/Veo/);
    expect(await fixture.balanceOf(uid)).toBe(50);
    const ledger = await fixture.ledgerOf(uid);
    expect(ledger.filter((line) => line.kind === 'refund')).toHaveLength(1);
    expect(job.cost.settledMicroUsd).toBe(0);
  });

  it('the sweeper ends a job whose operation was never resumed by its deadline, settling the started operation as billed', async () => {
    const uid = await fixture.newUser();
    const jobId = await fixture.createVideoJob(uid, request(uniquePrefix('lost-op'), 600_000));
    await eventually('the operation to be stored', async () =>
      Boolean((await fixture.readJob(jobId)).operationName),
    );
    // The worker is gone for good and no poll will come: only the deadline is left.
    fixture.kill();
    await fixture.db.doc(paths.job(jobId)).update({
      createdAt: Timestamp.fromMillis(Date.now() - videoJobDeadlineMs - 60_000),
      lease: null,
    });
    const swept = await endOverdueJobs(fixture.db);
    fixture.revive();
    expect(swept.ended).toContain(jobId);
    const job = await fixture.readJob(jobId);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'timed_out' } });
    expect(job.cost.settledMicroUsd).toBe(job.cost.reservedMicroUsd);
    expect(await fixture.balanceOf(uid)).toBe(50);
    expect((await fixture.ledgerOf(uid)).filter((line) => line.kind === 'refund')).toHaveLength(1);
  });

  it('animates the caller’s own image post, and refuses someone else’s, writing nothing', async () => {
    const owner = await fixture.newUser();
    const stranger = await fixture.newUser();
    const postId = await seedImagePost(fixture, owner);
    const jobId = await fixture.createVideoJob(
      owner,
      request(uniquePrefix('frame'), 300, { sourcePostId: postId }),
    );
    const { job } = await fixture.waitForEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.sourceImage?.postId).toBe(postId);

    const refused = await fixture
      .createVideoJob(stranger, request(uniquePrefix('theft'), 300, { sourcePostId: postId }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PhoenixError);
    expect((refused as PhoenixError).code).toBe('permission_denied');
    expect(await fixture.balanceOf(stranger)).toBe(50);
    const strangerJobs = await fixture.db.collection('jobs').where('uid', '==', stranger).get();
    expect(strangerJobs.size).toBe(0);
  });
});

describe('the video worker with an output bucket', () => {
  const outputGcsUri = 'gs://phoenix-veo-test/out';
  let bucketed: VideoWorkerFixture;
  beforeAll(async () => {
    bucketed = await startVideoWorkerFixture({ outputGcsUri });
  });
  afterAll(async () => {
    await bucketed?.close();
  });

  it('asks Veo to write to the bucket, reads the MP4 back from Cloud Storage and stores it playable', async () => {
    const uid = await bucketed.newUser();
    const marker = uniquePrefix('bucket');
    const jobId = await bucketed.createVideoJob(uid, request(marker, 300));
    const { job } = await bucketed.waitForEnd(jobId);

    expect(job.status).toBe('succeeded');
    const submits = bucketed.vertex
      .requests()
      .filter((entry) => entry.method === 'predictLongRunning' && entry.prompt.includes(marker));
    expect(submits).toEqual([expect.objectContaining({ status: 200, storageUri: outputGcsUri })]);

    const [output] = job.outputs;
    const mp4 = Buffer.from(await (await fetch(output!.videoUrl)).arrayBuffer());
    expect(mp4.length).toBe(output!.bytes);
    expect(boxOffset(mp4, 'moov')).toBeGreaterThanOrEqual(0);
    expect(boxOffset(mp4, 'moov')).toBeLessThan(boxOffset(mp4, 'mdat'));
    expect(await probeDuration(mp4)).toBeCloseTo(4, 0);
    expect(output!.videoUrl).toContain(`videos/${uid}/vid_${jobId}.mp4`);
  });
});

/** An image post of `uid`'s whose image is really in this fixture's R2, as the image service leaves one. */
async function seedImagePost(f: VideoWorkerFixture, uid: string): Promise<string> {
  const sharp = (await import('sharp')).default;
  const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  const key = `images/${uid}/seed.png`;
  const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    endpoint: f.r2.endpoint,
    region: 'auto',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3.send(new PutObjectCommand({ Bucket: f.r2.bucket, Key: key, Body: png, ContentType: 'image/png' }));
  s3.destroy();
  const postId = uniquePrefix('post');
  await f.db.doc(paths.post(postId)).set({
    kind: 'image',
    ownerUid: uid,
    jobId: 'seeded',
    prompt: 'a blue card',
    imageUrl: `${f.r2.publicBaseUrl.replace(/\/+$/, '')}/${key}`,
    hidden: false,
  });
  return postId;
}
