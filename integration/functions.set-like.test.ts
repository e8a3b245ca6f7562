import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { Timestamp, getFirestore, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
import { paths, type PostDoc } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLikeFor } from '../functions/src/likes/set-like.ts';
import { type Caller, callers, refusalOf } from './functions.callers.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

// setLike runs both as the real callable (users signed up in the Auth
// emulator, through the Functions emulator) and, for the 200-user burst, as
// its handler called directly with 200 uids against the Firestore emulator:
// 200 sign-ups would only measure the Auth emulator.
const stack = testStack();
const users = callers();
let admin: App;
let db: Firestore;

beforeAll(() => {
  stack.useEmulatorEnv();
  admin = initializeApp({ projectId: stack.projectId }, uniquePrefix('admin'));
  db = getFirestore(admin);
});

afterAll(async () => {
  await users.close();
  await deleteApp(admin);
});

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

  it('counts 20 users liking at once through the callable exactly', async () => {
    const { postId } = await seedPost();
    const likers = await Promise.all(Array.from({ length: 20 }, () => users.signUp()));
    const since = Date.now();
    const answers = await Promise.allSettled(
      likers.map((user) => user.call('setLike', { postId, liked: true })),
    );

    expect(answers.filter((answer) => answer.status === 'rejected')).toEqual([]);
    await fieldReaches(db.doc(paths.post(postId)), 'likeCount', 20, since);
    expect(await likesOf(postId)).toBe(20);
  });

  it('ends 200 users liking one post at once at exactly 200, with no failed call', async () => {
    const { postId, ownerUid } = await seedPost();
    const uids = Array.from({ length: 200 }, () => uniquePrefix('liker'));
    const since = Date.now();
    const postReaches = fieldReaches(db.doc(paths.post(postId)), 'likeCount', 200, since);
    const profileReaches = fieldReaches(db.doc(paths.profile(ownerUid)), 'counts.likesReceived', 200, since);

    const answers = await Promise.allSettled(uids.map((uid) => setLikeFor(db, uid, { postId, liked: true })));
    const callsDoneMs = Date.now() - since;

    expect(answers.filter((answer) => answer.status === 'rejected')).toEqual([]);
    const exactAfterMs = await postReaches;
    await profileReaches;
    expect(await likesOf(postId)).toBe(200);
    expect(await likeCountOf(postId)).toBe(200);
    // The figures the README quotes.
    console.info(`200 likes: calls done in ${callsDoneMs} ms, likeCount exact after ${exactAfterMs} ms`);
  });
});
