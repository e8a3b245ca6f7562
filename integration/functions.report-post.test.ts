import { Timestamp } from 'firebase-admin/firestore';
import { REPORT_HIDE_THRESHOLD, paths } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { callableTestbed, type Caller, refusalOf } from './functions.callers.ts';
import { uniquePrefix } from './support/stack.ts';

// reportPost is called as real signed-up users through the Functions
// emulator; the posts it reports are seeded with the Admin SDK, as the image
// service would have written them.
const { users, db } = callableTestbed();

async function postOf(owner: Caller): Promise<string> {
  const postId = uniquePrefix('post');
  await db.doc(paths.post(postId)).set({ ownerUid: owner.uid, likeCount: 0, createdAt: Timestamp.now() });
  return postId;
}

const readPost = async (postId: string) => (await db.doc(paths.post(postId)).get()).data() ?? {};
const itemsOf = async (uid: string) => (await db.collection(paths.notifications(uid)).get()).docs;

describe('reportPost', () => {
  it('counts distinct reporters once each, and the one that reaches the threshold hides the post and tells its owner', async () => {
    expect(REPORT_HIDE_THRESHOLD).toBe(3);
    const owner = await users.signUp();
    const [first, second, third] = await Promise.all([users.signUp(), users.signUp(), users.signUp()]);
    const postId = await postOf(owner);

    expect(await first.call('reportPost', { postId, reason: 'spam', text: '  buy followers at … ' })).toEqual(
      {
        postId,
        counted: true,
        hidden: false,
      },
    );
    const report = (await db.doc(paths.report(postId, first.uid)).get()).data();
    expect(report).toMatchObject({ reason: 'spam', text: 'buy followers at …' });

    // The same reporter again: a no-op success that does not count twice.
    expect(await first.call('reportPost', { postId, reason: 'hate' })).toEqual({
      postId,
      counted: false,
      hidden: false,
    });
    expect((await db.doc(paths.report(postId, first.uid)).get()).get('reason')).toBe('spam');
    expect(await second.call('reportPost', { postId, reason: 'other' })).toMatchObject({
      counted: true,
      hidden: false,
    });
    expect(await readPost(postId)).toMatchObject({ reportCount: 2 });
    expect((await readPost(postId)).hidden).toBeUndefined();
    expect(await itemsOf(owner.uid)).toHaveLength(0);

    expect(await third.call('reportPost', { postId, reason: 'nudity' })).toEqual({
      postId,
      counted: true,
      hidden: true,
    });
    expect(await readPost(postId)).toMatchObject({ reportCount: 3, hidden: true, hiddenReason: 'reported' });
    const items = await itemsOf(owner.uid);
    expect(items.map((item) => item.id)).toEqual([`review_${postId}`]);
    expect(items[0]!.data()).toMatchObject({
      kind: 'post_under_review',
      data: { postId, reason: 'reported' },
    });
  });

  it('answers not-found for a post that is hidden, and for one that does not exist', async () => {
    const owner = await users.signUp();
    const reporter = await users.signUp();
    const hiddenPost = await postOf(owner);
    await db.doc(paths.post(hiddenPost)).update({ hidden: true, hiddenReason: 'owner' });

    for (const postId of [hiddenPost, uniquePrefix('missing')]) {
      const refusal = await refusalOf(reporter.call('reportPost', { postId, reason: 'spam' }));
      expect(refusal.code).toBe('functions/not-found');
      expect(refusal.message).toMatch(/gone or already hidden/);
    }
    expect((await db.doc(paths.report(hiddenPost, reporter.uid)).get()).exists).toBe(false);
    expect((await readPost(hiddenPost)).reportCount).toBeUndefined();
  });

  it('refuses a reason off the list, over-long text and a malformed post id with invalid-argument', async () => {
    const owner = await users.signUp();
    const reporter = await users.signUp();
    const postId = await postOf(owner);
    for (const request of [
      { postId, reason: 'ugly' },
      { postId, reason: 'spam', text: 'x'.repeat(501) },
      { postId: 'posts/../x', reason: 'spam' },
      { reason: 'spam' },
    ]) {
      const refusal = await refusalOf(reporter.call('reportPost', request));
      expect(refusal.code).toBe('functions/invalid-argument');
    }
    expect((await readPost(postId)).reportCount).toBeUndefined();
  });
});
