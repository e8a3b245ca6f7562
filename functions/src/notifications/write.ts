import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { paths, postLikedUpdate, type BuiltNotification, type NotificationDoc } from '@phoenix/core';

/**
 * Writes a notification built by core inside `tx`. A blind `set` (no read),
 * so it never adds a read to the caller's transaction, and a retried write of
 * the same cause lands on the same id instead of adding a second item.
 */
export function writeNotification(
  tx: Transaction,
  db: Firestore,
  uid: string,
  built: BuiltNotification,
): void {
  const item: NotificationDoc<FieldValue> = { ...built.body, updatedAt: FieldValue.serverTimestamp() };
  tx.set(db.doc(paths.notification(uid, built.id)), item);
}

/** One new like, as `setLike` records it: `nowMs` (epoch ms) picks the hour's batch. */
export interface PostLike {
  postId: string;
  ownerUid: string;
  likerUid: string;
  /** The liker's display name, or null when they have none. */
  likerName: string | null;
  nowMs: number;
}

/**
 * Adds a like to the owner's "liked your image" batch for this post and hour,
 * inside the caller's transaction (call it only for a like that is new, not
 * for a repeated one or an unlike). The batch is merged blind with an
 * increment, so it adds no read: concurrent likes do not abort each other on
 * it, and `setLike` may call it after its own writes. A like of one's own
 * post tells nobody.
 */
export function notePostLiked(tx: Transaction, db: Firestore, like: PostLike): void {
  if (like.likerUid === like.ownerUid) return;
  const { id, body } = postLikedUpdate(like);
  tx.set(
    db.doc(paths.notification(like.ownerUid, id)),
    {
      kind: body.kind,
      data: { ...body.data, count: FieldValue.increment(1) },
      updatedAt: FieldValue.serverTimestamp(),
    },
    { merge: true },
  );
}
