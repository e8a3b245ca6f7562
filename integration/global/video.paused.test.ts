import { PhoenixError, paths } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVideoWorkerFixture, type VideoWorkerFixture } from '../video-worker.fixture.ts';
import { moneyTestbed } from './money-bed.ts';

const { setLimits } = moneyTestbed();
let fixture: VideoWorkerFixture;
beforeAll(async () => {
  fixture = await startVideoWorkerFixture();
});
afterAll(async () => {
  await fixture?.close();
});

describe('video paused by an admin', () => {
  it('refuses createVideoJob with video_paused, writing and charging nothing, and accepts again once resumed', async () => {
    const uid = await fixture.newUser();
    await setLimits({ videoPaused: true });
    const refused = await fixture
      .createVideoJob(uid, { prompt: 'waves at night [fake: veo-ms=200]', durationSeconds: 4 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PhoenixError);
    expect((refused as PhoenixError).code).toBe('video_paused');
    expect(await fixture.balanceOf(uid)).toBe(50);
    expect((await fixture.db.collection('jobs').where('uid', '==', uid).get()).size).toBe(0);
    expect((await fixture.db.doc(paths.account(uid)).get()).get('usage')).toBeUndefined();

    await setLimits({ videoPaused: false });
    const jobId = await fixture.createVideoJob(uid, {
      prompt: 'waves at dawn [fake: veo-ms=200]',
      durationSeconds: 4,
    });
    expect((await fixture.waitForEnd(jobId)).job.status).toBe('succeeded');
  });
});
