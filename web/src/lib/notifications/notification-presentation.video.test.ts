import { jobEndingNotification, planCancel, planFailure, type VideoJobDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { describeNotification } from './notification-presentation.ts';
import { toNotificationView } from './notification-view.ts';

const at = (ms: number) => ({ toMillis: () => ms });
const job: Pick<VideoJobDoc, 'kind' | 'status' | 'cost' | 'params'> = {
  kind: 'video',
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
};

/** The item the server stores with `body`, read back and described as the bell does. */
function shown(body: ReturnType<typeof jobEndingNotification>['body']) {
  const view = toNotificationView('job_v1', { ...body, updatedAt: at(1_000) });
  if (!view) throw new Error('the bell skipped the item');
  return describeNotification(view);
}

describe('describeNotification for a video job', () => {
  it('a finished video is ready in the drafts, with its poster, not as an image', () => {
    const view = toNotificationView('job_v1', {
      kind: 'job_succeeded',
      data: {
        jobId: 'v1',
        jobKind: 'video',
        thumbUrl: 'https://media/poster.webp',
        count: 1,
        tokensRefunded: 0,
      },
      updatedAt: at(1_000),
    });
    expect(view && describeNotification(view)).toEqual({
      icon: 'video',
      title: 'Your video is ready',
      detail: 'It is in your drafts until you publish it.',
      thumbUrl: 'https://media/poster.webp',
      thumbPostId: null,
      target: { kind: 'drafts' },
    });
  });

  it('a failed video says it was the video, that nothing was charged, and leads to the drafts', () => {
    const failed = shown(
      jobEndingNotification(
        'v1',
        planFailure('v1', job, { code: 'safety_blocked', message: 'blocked' }),
        'video',
      ).body,
    );
    expect(failed.title).toBe('Your video failed, you were not charged');
    expect(failed.detail).toBe('Refund: the safety filter blocked the prompt. 20 tokens back.');
    expect(failed.target).toEqual({ kind: 'drafts' });
  });

  it('a canceled video reads as a canceled video', () => {
    const canceled = shown(
      jobEndingNotification('v1', planCancel('v1', { ...job, status: 'queued' }), 'video').body,
    );
    expect(canceled.title).toBe('Video canceled, you were not charged');
    expect(canceled.target).toEqual({ kind: 'drafts' });
  });

  it('an item without a job kind, as written before videos, stays an image job', () => {
    const failed = shown(
      jobEndingNotification('j1', planFailure('j1', job, { code: 'timed_out', message: 'slow' })).body,
    );
    expect(failed.title).toBe('A job failed, you were not charged');
    expect(failed.target).toEqual({ kind: 'jobs' });
  });
});
