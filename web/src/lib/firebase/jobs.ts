/**
 * The signed-in user's image jobs: a live list of the recent ones, and the
 * calls that start and cancel jobs of either kind. The callables validate
 * and charge on the server; these wrappers only turn their errors into
 * `{ message, field }` for the form.
 */
import {
  collections,
  describeEta,
  paths,
  placeOnBoard,
  type CancelJobRequest,
  type JobKind,
  type QueueBoardDoc,
  type QueuePlace,
  type CreateImageJobRequest,
  type JobQueuePositionRequest,
  type JobQueuePositionResponse,
  type ImageJobDoc,
} from '@phoenix/core';
import {
  collection,
  doc,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type Firestore,
  type Query,
} from 'firebase/firestore';
import { getFirebase } from './app.ts';
import { accountSettled } from './auth.ts';
import { callAction, callFunction, type ActionResult } from './callable.ts';
import { toJobView, type JobView } from './documents.ts';
import { describeListenError } from './firestore-errors.ts';
import { perUser } from './user-store.ts';
import type { QueuePlaceView } from '../jobs/job-presentation.ts';
import { pollQueuePosition } from '../jobs/queue-position.ts';

/** How many jobs "Your recent jobs" shows. */
export const RECENT_JOBS_LIMIT = 20;

/**
 * One user's jobs of one kind, newest first: the image jobs are "Your recent
 * jobs", the video jobs are the drafts. Needs the composite index
 * (uid, kind, createdAt descending) in a real project.
 */
export function ownJobsQuery(db: Firestore, uid: string, kind: JobKind, max: number): Query {
  return query(
    collection(db, collections.jobs),
    where('uid', '==', uid),
    where('kind', '==', kind),
    orderBy('createdAt', 'desc'),
    limit(max),
  );
}

/** What a live list of one's own jobs holds; `list` is the kind's views. */
export type OwnJobsState<View> =
  | { status: 'signed-out' }
  | { status: 'loading' }
  | { status: 'ready'; list: View[] }
  | { status: 'error'; message: string };

/** A per-user store of one's own jobs of `kind`, each turned into the page's view. */
export function followOwnJobs<Doc, View>(
  kind: JobKind,
  max: number,
  toViews: (documents: { id: string; data: Doc }[]) => View[],
) {
  return perUser<Extract<OwnJobsState<View>, { status: 'ready' | 'error' }>>((uid, set) =>
    onSnapshot(
      ownJobsQuery(getFirebase().db, uid, kind, max),
      (snapshot) =>
        set({
          status: 'ready',
          list: toViews(
            snapshot.docs.map((document) => ({
              id: document.id,
              data: document.data({ serverTimestamps: 'estimate' }) as Doc,
            })),
          ),
        }),
      (error) => set({ status: 'error', message: describeListenError(error) }),
    ),
  );
}

/** Image jobs only: video jobs are the drafts page's. */
export const recentJobsQuery = (db: Firestore, uid: string, max = RECENT_JOBS_LIMIT): Query =>
  ownJobsQuery(db, uid, 'image', max);

export type RecentJobsState = OwnJobsState<JobView>;

export const recentJobs = followOwnJobs<ImageJobDoc, JobView>('image', RECENT_JOBS_LIMIT, (documents) =>
  documents.map(({ id, data }) => toJobView(id, data)),
);

/**
 * Asks a create callable for a new job. A brand-new user may submit before
 * their account exists, so this waits for it first. Sending the same
 * `requestId` again returns the same job, charged once.
 */
export async function createJob<Request>(
  name: 'createImageJob' | 'createVideoJob',
  request: Request,
): Promise<ActionResult<{ jobId: string }>> {
  const uid = getFirebase().auth.currentUser?.uid;
  if (uid) await accountSettled(uid);
  const result = await callAction<Request, { jobId: string }>(name, request);
  return result.ok ? { ok: true, jobId: result.data.jobId } : result;
}

/**
 * Asks for a new image job. The request must already have passed core's
 * schema on this side; the server checks it again and has the last word.
 */
export function createImageJob(request: CreateImageJobRequest): Promise<ActionResult<{ jobId: string }>> {
  return createJob<CreateImageJobRequest>('createImageJob', request);
}

/** Cancels a queued job; the server refunds it in the same transaction. */
export async function cancelJob(jobId: string): Promise<ActionResult<object>> {
  const result = await callAction<CancelJobRequest, unknown>('cancelJob', { jobId });
  return result.ok ? { ok: true } : result;
}

/**
 * Follows a queued job's place in line until it leaves the queue or `stop()`
 * is called: live from its kind's queue board (one listener), which the
 * server refreshes when asked (at most twice a minute, see
 * {@link pollQueuePosition}). `onPlace` hears null once the job has left.
 */
export function followQueuePosition(
  job: { id: string; kind: JobKind; createdAtMs: number },
  onPlace: (place: QueuePlaceView | null) => void,
): () => void {
  const { db } = getFirebase();
  let left = false;
  const show = (place: QueuePlace) =>
    onPlace({
      ahead: place.ahead,
      beyondBoard: place.beyondBoard,
      eta: place.etaMinutes ? describeEta(place.etaMinutes) : null,
    });
  const stopBoard = onSnapshot(
    doc(db, paths.queueBoard(job.kind)),
    (snapshot) => {
      const board = snapshot.data() as QueueBoardDoc | undefined;
      if (board && !left) show(placeOnBoard(board, job.createdAtMs));
    },
    // The board is a nicety: without it the asks still answer.
    () => {},
  );
  const stopAsking = pollQueuePosition({
    ask: async () =>
      (
        await callFunction<JobQueuePositionRequest, JobQueuePositionResponse>('jobQueuePosition', {
          jobId: job.id,
        })
      ).ahead,
    onAhead: (ahead) => {
      if (ahead !== null) return;
      left = true;
      stopBoard();
      onPlace(null);
    },
  });
  return () => {
    stopAsking();
    stopBoard();
  };
}
