import { describe, expect, it } from 'vitest';
import type { VideoOutput } from './documents.ts';
import type { JobStatus } from './job-status.ts';
import { assertOwnFinishedVideo, planVideoDiscard } from './video-posts.ts';

const output = { videoUrl: 'v', posterUrl: 'p' } as VideoOutput;
const draft = (status: JobStatus, extra: object = {}) => ({
  uid: 'u1',
  kind: 'video' as const,
  status,
  outputs: status === 'succeeded' ? [output] : [],
  discardedAt: null,
  publishedPostId: null,
  ...extra,
});
const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'allowed';
};

describe('planVideoDiscard', () => {
  it('discards a finished draft with its media, and a failed or canceled one, which has none', () => {
    expect(planVideoDiscard(draft('succeeded'), 'u1')).toEqual({ purgeMedia: true });
    expect(planVideoDiscard(draft('failed'), 'u1')).toEqual({ purgeMedia: false });
    expect(planVideoDiscard(draft('canceled'), 'u1')).toEqual({ purgeMedia: false });
  });

  it('refuses a draft still being made, and a published one', () => {
    expect(codeOf(() => planVideoDiscard(draft('queued'), 'u1'))).toBe('invalid_transition');
    expect(codeOf(() => planVideoDiscard(draft('running'), 'u1'))).toBe('invalid_transition');
    expect(codeOf(() => planVideoDiscard(draft('succeeded', { publishedPostId: 'vid_j' }), 'u1'))).toBe(
      'invalid_transition',
    );
  });

  it('reads someone else’s, a discarded one and an image job as missing', () => {
    expect(codeOf(() => planVideoDiscard(draft('failed'), 'u2'))).toBe('not_found');
    expect(codeOf(() => planVideoDiscard(draft('failed', { discardedAt: 1 }), 'u1'))).toBe('not_found');
    expect(codeOf(() => planVideoDiscard({ ...draft('failed'), kind: 'image' as never }, 'u1'))).toBe(
      'not_found',
    );
    expect(codeOf(() => planVideoDiscard(undefined, 'u1'))).toBe('not_found');
  });
});

describe('assertOwnFinishedVideo', () => {
  it('lets only a finished video of one’s own be published', () => {
    expect(codeOf(() => assertOwnFinishedVideo(draft('succeeded'), 'u1'))).toBe('allowed');
    expect(codeOf(() => assertOwnFinishedVideo(draft('failed'), 'u1'))).toBe('invalid_transition');
    expect(codeOf(() => assertOwnFinishedVideo(draft('succeeded'), 'u2'))).toBe('not_found');
  });
});
