import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import {
  assertOwnFinishedVideo,
  parseRequest,
  paths,
  planVideoDiscard,
  videoDraftRequestSchema,
  videoPostFor,
  videoPostId,
  type VideoJobDoc,
} from '@phoenix/core';
import type { VideoMediaPurger } from '../task-queue.ts';

/**
 * Publishes the caller's finished video draft to the feed, once: a second
 * call answers the post the first one made.
 */
export async function publishVideoFor(
  db: Firestore,
  uid: string,
  data: unknown,
): Promise<{ postId: string }> {
  const { jobId } = parseRequest(videoDraftRequestSchema, data);
  return db.runTransaction(async (tx) => {
    const jobRef = db.doc(paths.job(jobId));
    const job = (await tx.get(jobRef)).data() as VideoJobDoc | undefined;
    assertOwnFinishedVideo(job, uid);
    if (job.publishedPostId) return { postId: job.publishedPostId };
    const postId = videoPostId(jobId);
    tx.create(db.doc(paths.post(postId)), videoPostFor(jobId, job, FieldValue.serverTimestamp()));
    tx.update(jobRef, { publishedPostId: postId, updatedAt: FieldValue.serverTimestamp() });
    // A blind merged increment, as for image posts: no read, no contention between a user's jobs.
    tx.set(db.doc(paths.profile(uid)), { counts: { posts: FieldValue.increment(1) } }, { merge: true });
    return { postId };
  });
}

/**
 * Discards the caller's ended, unpublished video draft: it leaves the drafts
 * at once, and the video worker deletes its media, if it has any. A
 * published video is the post's now; it is hidden or deleted as a post.
 */
export async function discardVideoFor(
  deps: { db: Firestore; media: VideoMediaPurger },
  uid: string,
  data: unknown,
): Promise<{ jobId: string }> {
  const { db } = deps;
  const { jobId } = parseRequest(videoDraftRequestSchema, data);
  const { purgeMedia } = await db.runTransaction(async (tx) => {
    const jobRef = db.doc(paths.job(jobId));
    const plan = planVideoDiscard((await tx.get(jobRef)).data() as VideoJobDoc | undefined, uid);
    tx.update(jobRef, { discardedAt: FieldValue.serverTimestamp(), updatedAt: FieldValue.serverTimestamp() });
    return plan;
  });
  // The draft is gone for the user either way; a failed purge leaves media no document points at.
  if (purgeMedia) await deps.media.purgeVideoMedia(jobId);
  return { jobId };
}
