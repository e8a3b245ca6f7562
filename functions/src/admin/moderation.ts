import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  parseRequest,
  paths,
  planModeration,
  postModeratedNotification,
  setPostHiddenRequestSchema,
  type PostDoc,
} from '@phoenix/core';
import { writeNotification } from '../notifications/write.ts';

/**
 * `setPostHidden({ postId, hidden, reason })`: a moderator restores a post
 * (public again, counted on its owner's profile) or hides it for good; the
 * owner is told either way, with the reason.
 */
export async function setPostHiddenFor(db: Firestore, data: unknown): Promise<{ hidden: boolean }> {
  const { postId, hidden, reason } = parseRequest(setPostHiddenRequestSchema, data);
  return db.runTransaction(async (tx) => {
    const ref = db.doc(paths.post(postId));
    const post = (await tx.get(ref)).data() as PostDoc | undefined;
    if (!post) throw new PhoenixError('not_found', 'That post no longer exists.', 'postId');
    const plan = planModeration(post, hidden, reason);
    if (plan.kind === 'unchanged') return { hidden };
    tx.update(ref, { ...plan.patch, ...(hidden ? {} : { reportCount: 0 }) });
    if (plan.postsDelta !== 0) {
      tx.set(
        db.doc(paths.profile(post.ownerUid)),
        { counts: { posts: FieldValue.increment(plan.postsDelta) } },
        { merge: true },
      );
    }
    writeNotification(
      tx,
      db,
      post.ownerUid,
      postModeratedNotification(postId, hidden ? 'removed' : 'restored', reason),
    );
    return { hidden };
  });
}
