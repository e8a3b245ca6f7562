import { Timestamp, type DocumentReference } from 'firebase-admin/firestore';
import { paths, type PostDoc } from '@phoenix/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setLikeFor } from '../functions/src/likes/set-like.ts';
import { callableTestbed, type Caller, refusalOf } from './functions.callers.ts';
import { uniquePrefix } from './support/stack.ts';

// setLike runs both as the real callable (users signed up in the Auth
// emulator, through the Functions emulator) and, for the 200-user burst, as
// its handler called directly with 200 uids against the Firestore emulator:
// 200 sign-ups would only measure the Auth emulator.
const { users, db } = callableTestbed();

async function seedPost(extra: Record<string, unknown> = {}): Promise<{ postId: string; ownerUid: string }> {
  const postId = uniquePrefix('post');
  const ownerUid = uniquePrefix('author');
  const post: Partial<PostDoc> & Record<string, unknown> = {
    kind: 'image',
    ownerUid,
    prompt: 'a heron in fog',
    likeCount: 0,
    createdAt: Timestamp.now(),
    ...extra,
  };
  await db.doc(paths.post(postId)).set(post);
  return { postId, ownerUid };
}

/**
 * Resolves once the document's field (a dotted path) equals `expected`, with
 * the ms it took from `sinceMs`; rejects after `timeoutMs` with the last value seen.
 */
function fieldReaches(
  ref: DocumentReference,
  field: string,
  expected: number,
  sinceMs: number,
  timeoutMs = 10_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let last: unknown;
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${ref.path} ${field} was ${String(last)}, not ${expected}, after ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = ref.onSnapshot((snapshot) => {
      last = snapshot.get(field);
      if (last !== expected) return;
      clearTimeout(timer);
      stop();
      resolve(Date.now() - sinceMs);
    }, reject);
  });
}

const likesOf = async (postId: string) => (await db.collection(`${paths.post(postId)}/likes`).get()).size;
const likeCountOf = async (postId: string) =>
  (await db.doc(paths.post(postId)).get()).get('likeCount') as number;

/** The author's "liked your image" batches for the post (one per hour), oldest first. */
async function likedNotificationsOf(
  ownerUid: string,
  postId: string,
): Promise<{ count: number; latestLiker: { uid: string } }[]> {
  const items = await db
    .collection(paths.notifications(ownerUid))
    .where('kind', '==', 'post_liked')
    .where('data.postId', '==', postId)
    .get();
  return items.docs
    .map((item) => item.get('data') as { count: number; latestLiker: { uid: string }; windowStartMs: number })
    .sort((a, b) => a.windowStartMs - b.windowStartMs);
}

describe('setLike', () => {
  let ada: Caller;
  beforeAll(async () => {
    ada = await users.signUp();
  });

  it('likes once however often it is called, and unlikes once the same way', async () => {
    const { postId, ownerUid } = await seedPost();
    const since = Date.now();

    await expect(ada.call('setLike', { postId, liked: true })).resolves.toEqual({ liked: true });
    await expect(ada.call('setLike', { postId, liked: true })).resolves.toEqual({ liked: true });
    const like = await db.doc(paths.like(postId, ada.uid)).get();
    expect(like.data()).toMatchObject({ uid: ada.uid, postId });
    expect(await likesOf(postId)).toBe(1);
    await fieldReaches(db.doc(paths.post(postId)), 'likeCount', 1, since);
    await fieldReaches(db.doc(paths.profile(ownerUid)), 'counts.likesReceived', 1, since);

    const unlikedAt = Date.now();
    await expect(ada.call('setLike', { postId, liked: false })).resolves.toEqual({ liked: false });
    await expect(ada.call('setLike', { postId, liked: false })).resolves.toEqual({ liked: false });
    expect((await db.doc(paths.like(postId, ada.uid)).get()).exists).toBe(false);
    await fieldReaches(db.doc(paths.post(postId)), 'likeCount', 0, unlikedAt);
    await fieldReaches(db.doc(paths.profile(ownerUid)), 'counts.likesReceived', 0, unlikedAt);
    const shards = await db.collection(paths.likeShards(paths.post(postId))).get();
    expect(shards.docs.reduce((sum, shard) => sum + (shard.get('count') as number), 0)).toBe(0);
  });

  it('refuses a missing or hidden post as not-found and writes nothing', async () => {
    const { postId: hiddenId, ownerUid } = await seedPost({ hidden: true });
    const missingId = uniquePrefix('post');

    for (const postId of [hiddenId, missingId]) {
      const refusal = await refusalOf(ada.call('setLike', { postId, liked: true }));
      expect(refusal.code).toBe('functions/not-found');
      expect(await likesOf(postId)).toBe(0);
      expect((await db.collection(paths.likeShards(paths.post(postId))).get()).size).toBe(0);
    }
    expect((await db.doc(paths.post(missingId)).get()).exists).toBe(false);
    expect(await likeCountOf(hiddenId)).toBe(0);
    expect((await db.collection(paths.likeShards(paths.profile(ownerUid))).get()).size).toBe(0);
  });

  it('refuses a malformed request as invalid-argument, naming the field', async () => {
    const refusal = await refusalOf(ada.call('setLike', { postId: 'posts/x', liked: true }));
    expect(refusal.code).toBe('functions/invalid-argument');
    expect(refusal.message).toMatch(/^postId/);
    expect((await refusalOf(ada.call('setLike', { postId: 'x' }))).code).toBe('functions/invalid-argument');
  });

  // Eight at once: the Functions emulator starts a worker per concurrent call,
  // so more would measure its start-up on two cores; the 200-user burst below
  // goes through the handler itself.
  it('counts 8 users liking at once through the callable exactly, and tells the author once', async () => {
    const { postId, ownerUid } = await seedPost();
    const likers = await Promise.all(Array.from({ length: 8 }, () => users.signUp()));
    const answers = await Promise.allSettled(
      likers.map((user) => user.call('setLike', { postId, liked: true })),
    );

    expect(answers.filter((answer) => answer.status === 'rejected')).toEqual([]);
    await fieldReaches(db.doc(paths.post(postId)), 'likeCount', 8, Date.now());
    expect(await likesOf(postId)).toBe(8);
    const told = await likedNotificationsOf(ownerUid, postId);
    expect(told.reduce((sum, item) => sum + item.count, 0)).toBe(8);
    expect(likers.map((user) => user.uid)).toContain(told.at(-1)?.latestLiker.uid);
  }, 120_000);

  it('ends 200 users liking one post at once at exactly 200, with no failed call', async () => {
    const { postId, ownerUid } = await seedPost();
    const uids = Array.from({ length: 200 }, () => uniquePrefix('liker'));
    const since = Date.now();

    const answers = await Promise.allSettled(uids.map((uid) => setLikeFor(db, uid, { postId, liked: true })));
    const callsDone = Date.now();
    const callsDoneMs = callsDone - since;

    expect(answers.filter((answer) => answer.status === 'rejected')).toEqual([]);
    // Exact within 10 s of the last write settling, as the contract says.
    const exactAfterMs = await fieldReaches(db.doc(paths.post(postId)), 'likeCount', 200, callsDone);
    await fieldReaches(db.doc(paths.profile(ownerUid)), 'counts.likesReceived', 200, callsDone);
    expect(await likesOf(postId)).toBe(200);
    expect(await likeCountOf(postId)).toBe(200);
    const told = await likedNotificationsOf(ownerUid, postId);
    expect(told.reduce((sum, item) => sum + item.count, 0)).toBe(200);
    // The figures the README quotes.
    console.info(`200 likes: calls done in ${callsDoneMs} ms, likeCount exact ${exactAfterMs} ms later`);
  });
});
