/**
 * The signed-in creator's video drafts, live, and the calls that start,
 * publish and discard them. Status, phase and progress arrive through the
 * one listener; nothing here polls.
 */
import { type CreateVideoJobRequest, type VideoDraftRequest, type VideoJobDoc } from '@phoenix/core';
import type { Firestore, Query } from 'firebase/firestore';
import { visibleDrafts, type DraftView } from '../video/draft-presentation.ts';
import { toDraftView } from './documents.ts';
import { callAction, type ActionResult } from './callable.ts';
import { createJob, followOwnJobs, ownJobsQuery, type OwnJobsState } from './jobs.ts';

/**
 * How many video jobs the drafts page follows. Each one is minutes of paid
 * generation, so this is weeks of a busy creator's work; published videos
 * live on in the feed and the profile.
 */
export const DRAFTS_LIMIT = 50;

/**
 * One user's video jobs, newest first. Discarded drafts are dropped on this
 * side: `discardedAt` is absent on most documents, and a filter on it would
 * match only those that have it.
 */
export const videoDraftsQuery = (db: Firestore, uid: string, max = DRAFTS_LIMIT): Query =>
  ownJobsQuery(db, uid, 'video', max);

export type VideoDraftsState = OwnJobsState<DraftView>;

export const videoDrafts = followOwnJobs<VideoJobDoc, DraftView>('video', DRAFTS_LIMIT, (documents) =>
  visibleDrafts(documents.map(({ id, data }) => toDraftView(id, data))),
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

/** Throws an ended, unpublished draft away (a failed or canceled one too); the listener then drops it. */
export async function discardVideo(jobId: string): Promise<ActionResult<object>> {
  const result = await callAction<VideoDraftRequest, { jobId: string }>('discardVideo', { jobId });
  return result.ok ? { ok: true } : result;
}
