import type { PostDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { toPostView } from './documents.ts';

const base = {
  kind: 'image',
  ownerUid: 'uid_ada',
  jobId: 'job_1',
  prompt: 'a red fox',
  aspectRatio: '1:1',
  model: 'gemini-2.5-flash-image',
  imageUrl: 'https://media.example/img.webp',
  width: 1024,
  height: 1024,
  createdAt: { toMillis: () => 1_000 },
} as unknown as PostDoc;

describe('toPostView visibility and remix source', () => {
  it('reads a post written before visibility existed as public, with no remix source', () => {
    const view = toPostView('p1', base);
    expect(view.hidden).toBe(false);
    expect(view.hiddenReason).toBeNull();
    expect(view.remixOf).toBeNull();
  });

  it('keeps why a hidden post is hidden', () => {
    expect(toPostView('p1', { ...base, hidden: true, hiddenReason: 'reported' }).hiddenReason).toBe(
      'reported',
    );
    expect(toPostView('p1', { ...base, hidden: true, hiddenReason: 'owner' }).hiddenReason).toBe('owner');
    expect(toPostView('p1', { ...base, hidden: false, hiddenReason: 'owner' }).hiddenReason).toBeNull();
  });

  it('keeps a well-formed remix source and drops a malformed one', () => {
    const remixOf = { postId: 'src_1', ownerUid: 'uid_grace' };
    expect(toPostView('p1', { ...base, remixOf }).remixOf).toEqual(remixOf);
    expect(toPostView('p1', { ...base, remixOf: { postId: 7 } as never }).remixOf).toBeNull();
  });
});
