/**
 * The signed-in creator's video drafts, live, and the calls that start,
 * publish and discard them. Status, phase and progress arrive through the
 * one listener; nothing here polls.
 */
import {
  collections,
  type CreateVideoJobRequest,
  type VideoDraftRequest,
  type VideoJobDoc,
} from '@phoenix/core';
import {
  collection,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type Firestore,
  type Query,
} from 'firebase/firestore';
import { visibleDrafts, type DraftView } from '../video/draft-presentation.ts';
import { getFirebase } from './app.ts';
import { toDraftView } from './documents.ts';
import { describeListenError } from './firestore-errors.ts';
import { callAction, createJob, type ActionResult } from './jobs.ts';
import { perUser } from './user-store.ts';

/**
 * How many video jobs the drafts page follows. Each one is minutes of paid
 * generation, so this is weeks of a busy creator's work; published videos
 * live on in the feed and the profile.
 */
export const DRAFTS_LIMIT = 50;

/**
 * One user's video jobs, newest first. Discarded drafts are dropped on this
 * side: `discardedAt` is absent on most documents, and a filter on it would
 * match only those that have it. Needs the composite index
 * (uid, kind, createdAt descending) in a real project.
 * @param max Page size; default {@link DRAFTS_LIMIT}.
 */
export function videoDraftsQuery(db: Firestore, uid: string, max = DRAFTS_LIMIT): Query {
  return query(
    collection(db, collections.jobs),
    where('uid', '==', uid),
    where('kind', '==', 'video'),
    orderBy('createdAt', 'desc'),
    limit(max),
  );
}

export type VideoDraftsState =
  | { status: 'signed-out' }
  | { status: 'loading' }
  | { status: 'ready'; drafts: DraftView[] }
  | { status: 'error'; message: string };

export const videoDrafts = perUser<Extract<VideoDraftsState, { status: 'ready' | 'error' }>>((uid, set) =>
  onSnapshot(
    videoDraftsQuery(getFirebase().db, uid),
    (snapshot) =>
      set({
        status: 'ready',
        drafts: visibleDrafts(
          snapshot.docs.map((document) =>
            toDraftView(document.id, document.data({ serverTimestamps: 'estimate' }) as VideoJobDoc),
          ),
        ),
      }),
    (error) => set({ status: 'error', message: describeListenError(error) }),
  ),
);

/**
 * Asks for a new video job. The request must already have passed core's
 * schema on this side; the server checks it again (and whether video is
 * paused) and has the last word.
 */
export function createVideoJob(request: CreateVideoJobRequest): Promise<ActionResult<{ jobId: string }>> {
  return createJob<CreateVideoJobRequest>('createVideoJob', request);
}

/** Puts a finished draft on the feed, once; a second call answers the same post. */
export async function publishVideo(jobId: string): Promise<ActionResult<{ postId: string }>> {
  const result = await callAction<VideoDraftRequest, { postId: string }>('publishVideo', { jobId });
  return result.ok ? { ok: true, postId: result.data.postId } : result;
}

/** Throws a finished, unpublished draft away; the listener then drops it. */
export async function discardVideo(jobId: string): Promise<ActionResult<object>> {
  const result = await callAction<VideoDraftRequest, { jobId: string }>('discardVideo', { jobId });
  return result.ok ? { ok: true } : result;
}
