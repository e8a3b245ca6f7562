import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  parseRequest,
  paths,
  planReport,
  postUnderReviewNotification,
  reportPostRequestSchema,
  type PostDoc,
  type ReportDoc,
  type ReportPostResponse,
  type ReportedPostFields,
} from '@phoenix/core';
import { writeNotification } from '../notifications/write.ts';

type ReportablePost = Pick<PostDoc, 'ownerUid'> & ReportedPostFields;

/**
 * `reportPost({ postId, reason, text? })`: one transaction reads the post and
 * the caller's report. A missing or hidden post is `not_found`; a second
 * report by the same user changes nothing and answers `counted: false`. A new
 * report is stored where no client can read it and counted on the post; the
 * report that reaches core's threshold hides the post for review and tells
 * its owner, in the same transaction.
 */
export async function reportPost(db: Firestore, uid: string, data: unknown): Promise<ReportPostResponse> {
  const { postId, reason, text } = parseRequest(reportPostRequestSchema, data);
  const postRef = db.doc(paths.post(postId));
  const reportRef = db.doc(paths.report(postId, uid));
  return db.runTransaction(async (tx) => {
    const postSnapshot = await tx.get(postRef);
    const reportSnapshot = await tx.get(reportRef);
    const post = postSnapshot.data() as ReportablePost | undefined;
    if (!post || post.hidden === true) {
      throw new PhoenixError(
        'not_found',
        'That post is gone or already hidden, so there is nothing to report.',
      );
    }
    if (reportSnapshot.exists) return { postId, counted: false, hidden: false };

    const report: ReportDoc<FieldValue> = {
      reason,
      text: text || null,
      createdAt: FieldValue.serverTimestamp(),
    };
    tx.create(reportRef, report);
    const { reportCount, hide } = planReport(post.reportCount ?? 0);
    tx.update(postRef, {
      reportCount,
      ...(hide ? { hidden: true, hiddenReason: 'reported', hiddenAt: FieldValue.serverTimestamp() } : {}),
    });
    if (hide) {
      writeNotification(tx, db, post.ownerUid, postUnderReviewNotification(postId));
      // The profile counts public posts only.
      tx.set(
        db.doc(paths.profile(post.ownerUid)),
        { counts: { posts: FieldValue.increment(-1) } },
        { merge: true },
      );
    }
    return { postId, counted: true, hidden: hide };
  });
}
