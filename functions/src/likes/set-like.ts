import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  isLikeablePost,
  likeShardIndex,
  parseRequest,
  paths,
  setLikeRequestSchema,
  type PostDoc,
  type SetLikeResponse,
} from '@phoenix/core';
import { likesReceivedCounter, postLikeCounter, rollUpAfterLike } from './rollup.ts';

/** gRPC codes of a like that already exists, or an unlike with nothing to delete. */
const alreadyInPlace = new Set([5, 6]);

/**
 * Sets the caller's like on a post (see the design in core's likes.ts). The
 * like document and its shard increments commit in one batch whose create or
 * exists precondition makes a repeated call a no-op; then the post's and the
 * author's totals are rolled up at most once a second. A missing or hidden
 * post is `not_found` and nothing is written.
 */
export async function setLikeFor(db: Firestore, uid: string, data: unknown): Promise<SetLikeResponse> {
  const { postId, liked } = parseRequest(setLikeRequestSchema, data);
  const post = (await db.doc(paths.post(postId)).get()).data() as
    (PostDoc & { hidden?: unknown }) | undefined;
  if (!post || !isLikeablePost(post))
    throw new PhoenixError('not_found', 'That post does not exist or was hidden.');

  const counters = [
    postLikeCounter(postId, { postId, ownerUid: post.ownerUid, likerUid: liked ? uid : null }),
    likesReceivedCounter(post.ownerUid),
  ];
  const shard = String(likeShardIndex(uid));
  const likeRef = db.doc(paths.like(postId, uid));
  const batch = db.batch();
  if (liked) batch.create(likeRef, { uid, postId, createdAt: FieldValue.serverTimestamp() });
  else batch.delete(likeRef, { exists: true });
  for (const counter of counters) {
    batch.set(
      db.doc(`${paths.likeShards(counter.doc)}/${shard}`),
      { count: FieldValue.increment(liked ? 1 : -1) },
      { merge: true },
    );
  }
  try {
    await batch.commit();
  } catch (error) {
    if (alreadyInPlace.has((error as { code?: unknown }).code as number)) return { liked };
    throw error;
  }
  await rollUpAfterLike(db, counters, Date.now());
  return { liked };
}
