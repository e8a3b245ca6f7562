import { describe, expect, it } from 'vitest';
import type { VideoJobDoc, VideoOutput } from './documents.ts';
import { planCancel, planFailure, planVideoSuccess } from './job-settlement.ts';
import { jobEndingNotification } from './notifications.ts';

const job: Pick<VideoJobDoc, 'kind' | 'status' | 'cost' | 'params'> = {
  kind: 'video',
  status: 'running',
  cost: {
    tokens: 40,
    reservedMicroUsd: 1_200_000,
    tokensSettled: null,
    settledMicroUsd: null,
    tokensRefunded: 0,
  },
  params: {
    prompt: 'waves at night',
    durationSeconds: 8,
    aspectRatio: '16:9',
    resolution: '720p',
    generateAudio: true,
    model: 'veo-3.1-fast-generate-001',
  } as VideoJobDoc['params'],
};

const output: VideoOutput = {
  videoUrl: 'https://media.example/videos/u1/vid_v1.mp4',
  posterUrl: 'https://media.example/videos/u1/vid_v1_poster.webp',
  durationSeconds: 8,
  width: 1280,
  height: 720,
  bytes: 1_000_000,
  thumbUrl: 'https://media.example/videos/u1/vid_v1_thumb.webp',
  placeholder: 'data:image/webp;base64,AA',
  dominantColor: '#102030',
};

describe('video job notifications', () => {
  it('tells of a finished video as a video, with its poster and no post yet', () => {
    const built = jobEndingNotification('v1', planVideoSuccess('v1', job, output, 90_000), 'video');
    expect(built).toEqual({
      id: 'job_v1',
      body: {
        kind: 'job_succeeded',
        data: { jobId: 'v1', jobKind: 'video', thumbUrl: output.thumbUrl, count: 1, tokensRefunded: 0 },
      },
    });
  });

  it('tells of a failed or canceled video as a video refund', () => {
    const failed = planFailure('v1', job, { code: 'safety_blocked', message: 'blocked' });
    expect(jobEndingNotification('v1', failed, 'video').body).toMatchObject({
      kind: 'job_refunded',
      data: { jobKind: 'video', error: 'safety_blocked', tokens: 40 },
    });
    const canceled = planCancel('v1', { ...job, status: 'queued' });
    expect(jobEndingNotification('v1', canceled, 'video').body).toMatchObject({
      kind: 'job_refunded',
      data: { jobKind: 'video', reason: { code: 'job_canceled' } },
    });
  });

  it('leaves an image job’s items in the shape written before videos', () => {
    const failed = planFailure('i1', job, { code: 'model_unavailable', message: 'busy' });
    expect(jobEndingNotification('i1', failed, 'image').body.data).not.toHaveProperty('jobKind');
  });
});
