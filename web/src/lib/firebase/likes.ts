/**
 * Likes: the `setLike` callable, and the two reads a heart follows live: the
 * viewer's like document (`posts/{postId}/likes/{uid}`, which exists exactly
 * while they like the post) and the post's rolled-up `likeCount`.
 *
 * Listener cost: a heart listens only while it is on or near the screen (see
 * `likes/near-viewport.ts`), so a long scrolled feed holds listeners for the
 * few dozen cards in view, not for every card loaded. All listeners share
 * the SDK's one connection (each is a target on the same stream), and two
 * listeners on the same document (the post page and its heart) share one
 * target. One query for "all my likes" would need a collection-group rule
 * and would download every like the viewer ever made; per-card reads stay
 * bounded by the screen.
 */
import { paths, type PostDoc, type SetLikeRequest, type SetLikeResponse } from '@phoenix/core';
import { doc, onSnapshot } from 'firebase/firestore';
import { getFirebase } from './app.ts';
import { callAction, type ActionResult } from './callable.ts';

/** Likes or unlikes a post; the same call twice changes nothing. */
export async function setLike(postId: string, liked: boolean): Promise<ActionResult<{ liked: boolean }>> {
  const result = await callAction<SetLikeRequest, SetLikeResponse>('setLike', { postId, liked });
  return result.ok ? { ok: true, liked: result.data.liked } : result;
}

/**
 * Follows whether `uid` likes the post.
 * @param onLiked Gets each read; `fromCache` reads may be stale.
 * @returns Stops listening.
 */
export function watchLike(
  postId: string,
  uid: string,
  onLiked: (liked: boolean, fromCache: boolean) => void,
): () => void {
  return onSnapshot(
    doc(getFirebase().db, paths.like(postId, uid)),
    (snapshot) => onLiked(snapshot.exists(), snapshot.metadata.fromCache),
    // The heart keeps what it last knew; the next click reports any real failure.
    () => undefined,
  );
}

/**
 * Follows the post's `likeCount`.
 * @returns Stops listening.
 */
export function watchLikeCount(postId: string, onCount: (count: number) => void): () => void {
  return onSnapshot(
    doc(getFirebase().db, paths.post(postId)),
    (snapshot) => {
      const data = snapshot.data() as Partial<PostDoc> | undefined;
      if (typeof data?.likeCount === 'number') onCount(data.likeCount);
    },
    // Hidden since (the rules refuse it): the card keeps the count it showed.
    () => undefined,
  );
}
