import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import {
  PhoenixError,
  jobQueuePositionRequestSchema,
  parseRequest,
  paths,
  placeOnBoard,
  type JobDoc,
  type JobQueuePositionResponse,
} from '@phoenix/core';
import { refreshQueueBoard } from '@phoenix/server';

/**
 * Where the caller's queued job (image or video) stands: read off its
 * kind's queue board, refreshed first when it may miss jobs ahead of this
 * one (core's `askMaxBoardAgeMs`). Browsers call this once a minute and
 * otherwise listen to the board, so the cost per waiting user stays one
 * listener and two reads a minute, while the board's own reads and writes
 * are shared by everyone waiting.
 */
export async function queuePositionOf(
  db: Firestore,
  uid: string,
  data: unknown,
  nowMs = Date.now(),
): Promise<JobQueuePositionResponse> {
  const { jobId } = parseRequest(jobQueuePositionRequestSchema, data);
  const snapshot = await db.doc(paths.job(jobId)).get();
  if (!snapshot.exists) throw new PhoenixError('not_found');
  const job = snapshot.data() as JobDoc<Timestamp>;
  if (job.uid !== uid) throw new PhoenixError('permission_denied');
  if (job.status !== 'queued') return { status: job.status, ahead: null };
  const createdAtMs = job.createdAt.toMillis();
  const board = await refreshQueueBoard(db, job.kind, nowMs, createdAtMs);
  const place = placeOnBoard(board, createdAtMs);
  return {
    status: 'queued',
    ahead: place.ahead,
    beyondBoard: place.beyondBoard,
    etaMinutes: place.etaMinutes,
  };
}
