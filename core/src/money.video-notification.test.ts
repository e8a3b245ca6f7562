import { describe, expect, it } from 'vitest';
import type { TimeLike, VideoJobDoc } from './documents.ts';
import { paths } from './firestore-paths.ts';
import { planFailure } from './job-settlement.ts';
import { MemoryStore, timeAt } from './money.test-support.ts';
import { applyJobEnding } from './money.ts';

const nowMs = Date.parse('2026-11-30T12:00:00Z');

const video: Pick<VideoJobDoc<TimeLike>, 'kind' | 'uid' | 'status' | 'cost' | 'params' | 'createdAt'> = {
  kind: 'video',
  uid: 'u1',
  status: 'running',
  cost: {
    tokens: 20,
    reservedMicroUsd: 600_000,
    tokensSettled: null,
    settledMicroUsd: null,
    tokensRefunded: 0,
  },
  params: {
    prompt: 'waves at night',
    durationSeconds: 4,
    aspectRatio: '16:9',
    resolution: '720p',
    generateAudio: true,
    model: 'veo-3.1-fast-generate-001',
  } as VideoJobDoc['params'],
  createdAt: timeAt(nowMs - 60_000),
};

async function endedNotification(stored: typeof video | Omit<typeof video, 'kind'>) {
  // A document from before videos has no kind, which the types no longer allow.
  const job = stored as typeof video;
  const db = new MemoryStore({
    [paths.account('u1')]: { balance: 30 },
    [paths.job('v1')]: { uid: 'u1', status: 'running' },
  });
  const ending = planFailure('v1', job, { code: 'timed_out', message: 'too slow' });
  await db.transact((t) => applyJobEnding(t, { jobId: 'v1', job, ending, nowMs }));
  return db.get(paths.notification('u1', 'job_v1'));
}

describe('applyJobEnding tells the owner which kind of job ended', () => {
  it('marks a video job’s refund as a video', async () => {
    expect(await endedNotification(video)).toMatchObject({
      kind: 'job_refunded',
      data: { jobId: 'v1', jobKind: 'video', tokens: 20 },
    });
  });

  it('writes a job without a kind, from before videos, as an image', async () => {
    const { kind: _kind, ...older } = video;
    expect((await endedNotification(older))?.data).not.toHaveProperty('jobKind');
  });
});
