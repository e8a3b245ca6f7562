import type { VideoJobDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { toDraftView } from './documents.ts';

const at = (ms: number) => ({ toMillis: () => ms });

const output = {
  videoUrl: 'https://media.example/videos/u/vid_1.mp4',
  posterUrl: 'https://media.example/videos/u/vid_1_poster.webp',
  thumbUrl: 'https://media.example/videos/u/vid_1_thumb.webp',
  placeholder: 'data:image/webp;base64,AAAA',
  dominantColor: '#223344',
  durationSeconds: 8,
  width: 1280,
  height: 720,
  bytes: 2_000_000,
};

const jobDoc: VideoJobDoc = {
  uid: 'uid_ada',
  kind: 'video',
  status: 'running',
  phase: 'generating',
  progress: { elapsedMs: 40_000, etaMs: 120_000 },
  operationName: 'projects/p/locations/us-central1/operations/op_1',
  submittedAtMs: 1_000,
  params: {
    prompt: 'a fox in the snow',
    durationSeconds: 8,
    aspectRatio: '16:9',
    resolution: '720p',
    generateAudio: true,
    model: 'veo-3.1-fast-generate-001',
  },
  cost: {
    tokens: 40,
    reservedMicroUsd: 1_200_000,
    tokensSettled: null,
    settledMicroUsd: null,
    tokensRefunded: 0,
  },
  attempts: 1,
  lease: null,
  finalDeliveryAt: null,
  error: null,
  filteredCount: 0,
  processingTimeMs: null,
  sourceImage: { postId: 'job_1_0', imageUrl: 'https://media.example/img.webp' },
  outputs: [],
  publishedPostId: null,
  createdAt: at(1_000),
  updatedAt: at(41_000),
  startedAt: at(1_500),
  finishedAt: null,
};

describe('toDraftView', () => {
  it('keeps what the drafts page shows and reads times as ms', () => {
    expect(toDraftView('job_v1', jobDoc)).toEqual({
      id: 'job_v1',
      status: 'running',
      phase: 'generating',
      progress: { elapsedMs: 40_000, etaMs: 120_000 },
      updatedAtMs: 41_000,
      params: jobDoc.params,
      cost: { tokens: 40, tokensRefunded: 0 },
      error: null,
      output: null,
      publishedPostId: null,
      sourceImage: { postId: 'job_1_0', imageUrl: 'https://media.example/img.webp' },
      discarded: false,
      createdAtMs: 1_000,
      startedAtMs: 1_500,
    });
  });

  it('takes the finished video and notices a discard', () => {
    const done = {
      ...jobDoc,
      status: 'succeeded',
      outputs: [output],
      discardedAt: at(90_000),
    } as VideoJobDoc;
    expect(toDraftView('job_v1', done)).toMatchObject({ output, discarded: true });
    expect(toDraftView('job_v1', { ...jobDoc, discardedAt: null }).discarded).toBe(false);
  });

  it('fills in what a stored request left to the defaults, so a retry asks for the same video', () => {
    const sparse = { ...jobDoc, params: { prompt: 'a fox' } } as unknown as VideoJobDoc;
    expect(toDraftView('job_v1', sparse).params).toEqual({
      prompt: 'a fox',
      durationSeconds: 8,
      aspectRatio: '16:9',
      resolution: '720p',
      generateAudio: true,
      model: 'veo-3.1-fast-generate-001',
    });
  });
});
