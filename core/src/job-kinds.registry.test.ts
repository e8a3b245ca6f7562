import { describe, expect, it } from 'vitest';
import type { JobDoc } from './documents.ts';
import { parseRequest } from './errors.ts';
import { jobKindNames, jobKinds, outputsAsked, planAccept } from './job-kinds.ts';
import { newVideoJob } from './new-job.ts';
import { videoRequestSchema } from './video-request.ts';
import { timeAt } from './money.test-support.ts';

describe('planAccept for video', () => {
  const params = parseRequest(videoRequestSchema, { prompt: 'waves' });
  const stored: JobDoc = {
    ...newVideoJob('u1', params, { tokens: 8, microUsd: 1 }, timeAt(0), null),
    status: 'running',
  };

  it('creates when nothing is stored, and replays the same request', () => {
    expect(planAccept('video', undefined, 'u1', params)).toEqual({ kind: 'create' });
    expect(planAccept('video', stored, 'u1', params)).toEqual({ kind: 'replay', status: 'running' });
  });

  it('replays a job stored before a field existed, that field taking its default', () => {
    const { resolution: _dropped, ...older } = stored.params as typeof params;
    const olderJob = { ...stored, params: older } as JobDoc;
    expect(planAccept('video', olderJob, 'u1', params)).toEqual({ kind: 'replay', status: 'running' });
  });

  it('refuses a request id reused by another user, another request or another kind', () => {
    expect(() => planAccept('video', stored, 'u2', params)).toThrow(/already used/);
    expect(() => planAccept('video', stored, 'u1', { ...params, durationSeconds: 4 })).toThrow(
      /already used/,
    );
    expect(() =>
      planAccept('video', { ...stored, kind: 'image' } as unknown as JobDoc, 'u1', params),
    ).toThrow(/already used/);
  });
});

describe('the job kind registry', () => {
  it('holds every kind a job document can carry, each with its own queue', () => {
    expect(jobKindNames).toEqual(['image', 'video']);
    expect(new Set(jobKindNames.map((kind) => jobKinds[kind].queue.name)).size).toBe(jobKindNames.length);
  });

  it('asks an image job for its count of outputs and a video job for one', () => {
    const image = jobKinds.image.paramsSchema.parse({ prompt: 'a fox', count: 3 });
    const video = jobKinds.video.paramsSchema.parse({ prompt: 'waves' });
    expect(outputsAsked({ kind: 'image', params: image })).toBe(3);
    expect(outputsAsked({ kind: 'video', params: video })).toBe(1);
  });

  it('prices each kind from the one stored catalogue document, admin edits included', () => {
    const video = jobKinds.video.paramsSchema.parse({ prompt: 'waves', durationSeconds: 4 });
    const base = jobKinds.video.quote(video, undefined);
    const edited = jobKinds.video.quote(video, {
      videoOverrides: {
        [video.model]: { prices: { withAudio: { tokensPerSecond: 7, microUsdPerSecond: 1 } } },
      },
    });
    expect(base.tokens).toBeGreaterThan(0);
    expect(edited.tokens).toBe(28);
  });
});
