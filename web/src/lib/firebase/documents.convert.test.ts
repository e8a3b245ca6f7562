import type { ImageJobDoc, PostDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { millis, toJobView, toPostView } from './documents.ts';

const at = (ms: number) => ({ toMillis: () => ms });

const postDoc: PostDoc = {
  kind: 'image',
  ownerUid: 'uid_ada',
  jobId: 'job_1',
  prompt: 'a red fox',
  negativePrompt: null,
  aspectRatio: '4:3',
  model: 'gemini-2.5-flash-image',
  seed: 42,
  enhancePrompt: true,
  imageUrl: 'https://media.example/img.webp',
  thumbUrl: 'https://media.example/img_thumb.webp',
  width: 1024,
  height: 768,
  placeholder: 'data:image/webp;base64,AAAA',
  dominantColor: '#aa5522',
  imageSize: '2K',
  likeCount: 3,
  hidden: false,
  hiddenReason: null,
  remixOf: { postId: 'source_0', ownerUid: 'uid_grace' },
  createdAt: at(1_000),
};

describe('toPostView', () => {
  it('copies the public fields and reads the time as ms', () => {
    expect(toPostView('job_1_0', postDoc)).toEqual({
      id: 'job_1_0',
      kind: 'image',
      video: null,
      ownerUid: 'uid_ada',
      prompt: 'a red fox',
      negativePrompt: null,
      aspectRatio: '4:3',
      model: 'gemini-2.5-flash-image',
      seed: 42,
      enhancePrompt: true,
      imageUrl: 'https://media.example/img.webp',
      thumbUrl: 'https://media.example/img_thumb.webp',
      width: 1024,
      height: 768,
      placeholder: 'data:image/webp;base64,AAAA',
      dominantColor: '#aa5522',
      imageSize: '2K',
      likeCount: 3,
      hidden: false,
      hiddenReason: null,
      remixOf: { postId: 'source_0', ownerUid: 'uid_grace' },
      createdAtMs: 1_000,
    });
  });

  it('reads a post from before sizes and visibility as a public one at the default size', () => {
    const { imageSize: _size, hidden: _hidden, hiddenReason: _reason, remixOf: _remix, ...old } = postDoc;
    expect(toPostView('p', old as PostDoc)).toMatchObject({
      imageSize: '1K',
      hidden: false,
      hiddenReason: null,
      remixOf: null,
    });
  });

  it('keeps a video post’s MP4 beside its poster', () => {
    const video = { videoUrl: 'https://media.example/vid.mp4', durationSeconds: 8, bytes: 3_000_000 };
    expect(toPostView('vid_job_2', { ...postDoc, kind: 'video', video })).toMatchObject({
      kind: 'video',
      video,
      imageUrl: postDoc.imageUrl,
    });
  });

  it('shows a video post without its MP4 as the poster alone', () => {
    expect(toPostView('vid_job_3', { ...postDoc, kind: 'video' })).toMatchObject({
      kind: 'image',
      video: null,
    });
  });

  it('falls back to the full image when a thumbnail is missing', () => {
    expect(toPostView('p', { ...postDoc, thumbUrl: '' }).thumbUrl).toBe(postDoc.imageUrl);
  });
});

describe('toJobView', () => {
  const jobDoc: ImageJobDoc = {
    uid: 'uid_ada',
    kind: 'image',
    status: 'running',
    params: {
      prompt: 'a red fox',
      aspectRatio: '1:1',
      count: 2,
      model: 'gemini-3.1-flash-image',
      enhancePrompt: true,
      imageSize: '1K',
    },
    cost: {
      tokens: 4,
      reservedMicroUsd: 134_000,
      tokensSettled: null,
      settledMicroUsd: null,
      tokensRefunded: 0,
    },
    attempts: 1,
    lease: { holder: 'x', expiresAt: at(9_000) },
    finalDeliveryAt: null,
    error: null,
    outputRecords: {},
    outputs: [],
    filteredCount: 0,
    processingTimeMs: null,
    remixOf: null,
    createdAt: at(1_000),
    updatedAt: at(2_000),
    startedAt: at(1_500),
    finishedAt: null,
  };

  it('keeps what the list shows and reads times as ms', () => {
    expect(toJobView('job_1', jobDoc)).toEqual({
      id: 'job_1',
      status: 'running',
      params: { prompt: 'a red fox', count: 2, model: 'gemini-3.1-flash-image', aspectRatio: '1:1' },
      cost: { tokens: 4, tokensRefunded: 0, tokensSettled: null },
      error: null,
      outputs: [],
      filteredCount: 0,
      processingTimeMs: null,
      createdAtMs: 1_000,
      startedAtMs: 1_500,
      finishedAtMs: null,
      degradedFrom: null,
    });
  });

  it('keeps the asked model of a job a nearly spent budget moved to a cheaper one', () => {
    const degraded: ImageJobDoc = {
      ...jobDoc,
      params: { ...jobDoc.params, model: 'gemini-2.5-flash-image' as const },
      degradedFrom: 'gemini-3-pro-image-preview',
    };
    expect(toJobView('job_2', degraded)).toMatchObject({
      params: { model: 'gemini-2.5-flash-image' },
      degradedFrom: 'gemini-3-pro-image-preview',
    });
  });
});

describe('millis', () => {
  it('uses the fallback for a missing time', () => {
    expect(millis(null, 77)).toBe(77);
    expect(millis(at(5), 77)).toBe(5);
  });
});
