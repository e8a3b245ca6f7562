import { describe, expect, it } from 'vitest';
import type { PostView } from '../firebase/documents.ts';
import { firstFrameOf } from './first-frame.ts';

const post = {
  id: 'job_1_0',
  kind: 'image',
  video: null,
  ownerUid: 'uid_ada',
  prompt: 'a red fox',
} as PostView;

describe('firstFrameOf', () => {
  it('takes the signed-in user’s own image', () => {
    expect(firstFrameOf({ status: 'ready', post }, 'uid_ada')).toEqual({ status: 'ready', post });
  });

  it('refuses someone else’s image and a video, saying how to go on', () => {
    const theirs = firstFrameOf({ status: 'ready', post }, 'uid_grace');
    expect(theirs).toMatchObject({ status: 'unusable' });
    expect(theirs.status === 'unusable' && theirs.message).toMatch(/only your own images.*Remove it/);
    const video = {
      ...post,
      kind: 'video',
      video: { videoUrl: 'v.mp4', durationSeconds: 8, bytes: 1 },
    } as PostView;
    expect(firstFrameOf({ status: 'ready', post: video }, 'uid_ada')).toMatchObject({ status: 'unusable' });
  });

  it('refuses a post that is gone, and leaves a read error to the server', () => {
    expect(firstFrameOf({ status: 'missing' }, 'uid_ada')).toMatchObject({ status: 'unusable' });
    expect(firstFrameOf({ status: 'error', message: 'offline' }, 'uid_ada')).toEqual({
      status: 'unreadable',
      message: 'offline',
    });
  });

  it('waits while the post or the session is still loading', () => {
    expect(firstFrameOf({ status: 'loading' }, 'uid_ada')).toEqual({ status: 'loading' });
    expect(firstFrameOf({ status: 'ready', post }, undefined)).toEqual({ status: 'loading' });
  });
});
