import type { Firestore, Transaction } from 'firebase-admin/firestore';
import {
  PhoenixError,
  newVideoJob,
  parseRequest,
  paths,
  planAccept,
  jobKinds,
  type PostDoc,
  type VideoJobDoc,
  type VideoModelsConfig,
} from '@phoenix/core';
import { acceptJob, newJobId, type AcceptDeps } from '../jobs/accept.ts';
import type { VideoTaskEnqueuer } from '../task-queue.ts';

export interface VideoJobDeps extends AcceptDeps {
  queue: VideoTaskEnqueuer;
}

/**
 * Accepts a video request through the shared accept (the same limits,
 * budget reservation, debit and request-id replay as images), with the
 * video's own checks in its transaction: video is not paused (by an admin,
 * or because the month's budget is spent), the live catalogue's model and
 * price per second, and a first frame only from the caller's own image post.
 */
export async function acceptVideoJob(
  deps: VideoJobDeps,
  uid: string,
  data: unknown,
): Promise<{ jobId: string }> {
  const { db, queue } = deps;
  const { requestId, ...params } = parseRequest(jobKinds.video.requestSchema, data);
  return acceptJob(deps, uid, {
    kind: 'video',
    jobId: newJobId(db, uid, requestId),
    replayable: requestId !== undefined,
    enqueue: (jobId) => queue.enqueueVideoJob(jobId),
    async decide({ t, tx, limits, monthLevel, existing }) {
      const plan = planAccept('video', existing, uid, params);
      if (plan.kind === 'replay') return plan;
      if (limits.videoPaused || monthLevel === 'exhausted') throw new PhoenixError('video_paused');
      const quote = jobKinds.video.quote(
        params,
        (await t.get(paths.models())) as VideoModelsConfig | undefined,
      );
      const sourceImage = params.sourcePostId ? await readOwnImage(tx, db, uid, params.sourcePostId) : null;
      return {
        kind: 'create',
        quote,
        debitReason: { code: 'video_accepted', seconds: params.durationSeconds, model: params.model },
        job: (now) => newVideoJob(uid, params, quote, now, sourceImage),
      };
    },
  });
}

/** The caller's own image post, as a first frame; anyone else's (or a video) is refused. */
async function readOwnImage(
  tx: Transaction,
  db: Firestore,
  uid: string,
  postId: string,
): Promise<VideoJobDoc['sourceImage']> {
  const post = (await tx.get(db.doc(paths.post(postId)))).data() as PostDoc | undefined;
  if (!post) {
    throw new PhoenixError('not_found', 'sourcePostId: That post does not exist any more.', 'sourcePostId');
  }
  if (post.ownerUid !== uid) {
    throw new PhoenixError(
      'permission_denied',
      'sourcePostId: You can animate only your own images.',
      'sourcePostId',
    );
  }
  if (post.kind !== 'image') {
    throw new PhoenixError('invalid_argument', 'sourcePostId: Pick an image, not a video.', 'sourcePostId');
  }
  return { postId, imageUrl: post.imageUrl };
}
