import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  parseRequest,
  paths,
  planPostVisibility,
  setOwnPostHiddenRequestSchema,
  type PostVisibility,
  type SetOwnPostHiddenResponse,
} from '@phoenix/core';

/**
 * `setOwnPostHidden({ postId, hidden })`: the owner hides or shows their post
 * (core's `planPostVisibility` decides). In one transaction the post changes
 * and the owner's public post count follows it; asking for the state the post
 * is already in writes nothing.
 */
export async function setOwnPostHiddenFor(
  db: Firestore,
  uid: string,
  data: unknown,
): Promise<SetOwnPostHiddenResponse> {
  const { postId, hidden } = parseRequest(setOwnPostHiddenRequestSchema, data);
  const postRef = db.doc(paths.post(postId));
  return db.runTransaction(async (tx) => {
    const post = (await tx.get(postRef)).data() as PostVisibility | undefined;
    if (!post) throw new PhoenixError('not_found', 'That post does not exist.');
    const plan = planPostVisibility(post, uid, hidden);
    if (plan.kind === 'unchanged') return { hidden: post.hidden };
    tx.update(postRef, { ...plan.patch, hiddenAt: hidden ? FieldValue.serverTimestamp() : null });
    tx.set(
      db.doc(paths.profile(uid)),
      { counts: { posts: FieldValue.increment(plan.postsDelta) } },
      { merge: true },
    );
    return { hidden: plan.patch.hidden };
  });
}
