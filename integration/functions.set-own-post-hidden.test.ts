import { Timestamp } from 'firebase-admin/firestore';
import { paths, type SetOwnPostHiddenResponse } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { callableTestbed, type Caller, refusalOf } from './functions.callers.ts';
import { uniquePrefix } from './support/stack.ts';

// setOwnPostHidden is called as real signed-up users through the Functions
// emulator; posts and profiles are seeded as the image service leaves them.
const { users, db } = callableTestbed();

async function postOf(owner: Caller, fields: Record<string, unknown> = {}): Promise<string> {
  const postId = uniquePrefix('post');
  await db.doc(paths.post(postId)).set({
    ownerUid: owner.uid,
    likeCount: 0,
    hidden: false,
    hiddenReason: null,
    createdAt: Timestamp.now(),
    ...fields,
  });
  await db.doc(paths.profile(owner.uid)).set({ counts: { posts: 1, likesReceived: 0 } }, { merge: true });
  return postId;
}

const visibilityOf = async (postId: string) => {
  const post = (await db.doc(paths.post(postId)).get()).data() ?? {};
  return { hidden: post.hidden as unknown, hiddenReason: post.hiddenReason as unknown };
};
const postsCountOf = async (uid: string) =>
  (await db.doc(paths.profile(uid)).get()).get('counts.posts') as number;

describe('setOwnPostHidden', () => {
  it('lets the owner hide and show a post, once each however often asked, with the post count following', async () => {
    const owner = await users.signUp();
    const postId = await postOf(owner);

    expect(await owner.call<SetOwnPostHiddenResponse>('setOwnPostHidden', { postId, hidden: true })).toEqual({
      hidden: true,
    });
    expect(await owner.call('setOwnPostHidden', { postId, hidden: true })).toEqual({ hidden: true });
    expect(await visibilityOf(postId)).toEqual({ hidden: true, hiddenReason: 'owner' });
    expect(await postsCountOf(owner.uid)).toBe(0);

    expect(await owner.call('setOwnPostHidden', { postId, hidden: false })).toEqual({ hidden: false });
    expect(await owner.call('setOwnPostHidden', { postId, hidden: false })).toEqual({ hidden: false });
    expect(await visibilityOf(postId)).toEqual({ hidden: false, hiddenReason: null });
    expect(await postsCountOf(owner.uid)).toBe(1);
  });

  it('refuses someone else’s post as permission-denied and changes nothing', async () => {
    const [owner, stranger] = await Promise.all([users.signUp(), users.signUp()]);
    const postId = await postOf(owner);

    const refusal = await refusalOf(stranger.call('setOwnPostHidden', { postId, hidden: true }));
    expect(refusal.code).toBe('functions/permission-denied');
    expect(refusal.message).toMatch(/only the person who made this post/i);
    expect(await visibilityOf(postId)).toEqual({ hidden: false, hiddenReason: null });
    expect(await postsCountOf(owner.uid)).toBe(1);
  });

  it('keeps a post hidden by reports hidden until review: unhiding is failed-precondition', async () => {
    const owner = await users.signUp();
    const postId = await postOf(owner, { hidden: true, hiddenReason: 'reported' });

    const refusal = await refusalOf(owner.call('setOwnPostHidden', { postId, hidden: false }));
    expect(refusal.code).toBe('functions/failed-precondition');
    expect(refusal.message).toMatch(/until a moderator reviews it/);
    expect(await visibilityOf(postId)).toEqual({ hidden: true, hiddenReason: 'reported' });
  });

  it('answers not-found for a missing post and invalid-argument for a malformed request, writing nothing', async () => {
    const owner = await users.signUp();
    const missing = uniquePrefix('post');

    expect((await refusalOf(owner.call('setOwnPostHidden', { postId: missing, hidden: true }))).code).toBe(
      'functions/not-found',
    );
    expect((await db.doc(paths.post(missing)).get()).exists).toBe(false);
    const malformed = await refusalOf(owner.call('setOwnPostHidden', { postId: 'posts/x', hidden: 'yes' }));
    expect(malformed.code).toBe('functions/invalid-argument');
    expect((await db.doc(paths.profile(owner.uid)).get()).exists).toBe(false);
  });
});
