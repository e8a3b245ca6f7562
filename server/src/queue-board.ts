import { setTimeout as sleep } from 'node:timers/promises';
import { Timestamp, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import {
  askMaxBoardAgeMs,
  boardIsStale,
  collections,
  paths,
  queueBoardLimits,
  type JobKind,
  type QueueBoardDoc,
} from '@phoenix/core';

/**
 * The kind's queue board as an ask about a job created at `jobCreatedAtMs`
 * finds it, rewritten from the jobs first when core's `askMaxBoardAgeMs`
 * says it is too old for that job: one page of queued jobs' creation times
 * (only that field is read), a count of every queued job and a count of the
 * recent starts. The write is conditional on the board read, so of two
 * refreshes racing only one writes: the board takes about one write a second
 * at most.
 */
export async function refreshQueueBoard(
  db: Firestore,
  kind: JobKind,
  nowMs: number,
  jobCreatedAtMs: number,
): Promise<QueueBoardDoc> {
  const snapshot = await db.doc(paths.queueBoard(kind)).get();
  const board = snapshot.data() as QueueBoardDoc | undefined;
  if (board && !boardIsStale(board, nowMs, askMaxBoardAgeMs(board, jobCreatedAtMs))) return board;
  // Asks that arrive together share one refresh: its reads are paid once per instance, not per ask.
  const ofDatabase = refreshing.get(db) ?? new Map<JobKind, Promise<QueueBoardDoc>>();
  refreshing.set(db, ofDatabase);
  const running = ofDatabase.get(kind);
  if (running) return running;
  // The board just read is the one the refresh judges and writes over: no second read of it.
  const refresh = refreshNow(db, kind, nowMs, queueBoardLimits.minRefreshMs, snapshot).finally(() =>
    ofDatabase.delete(kind),
  );
  ofDatabase.set(kind, refresh);
  return refresh;
}

const refreshing = new WeakMap<Firestore, Map<JobKind, Promise<QueueBoardDoc>>>();

/**
 * Rewrites the board after a change the caller just committed (a cancel, a
 * worker's claim): as soon as the board may be rewritten (within a second),
 * and never from a refresh already reading, whose reads may predate the
 * change. Changes that arrive while one is waiting share it, so a burst of
 * claims costs one refresh a second per instance, not one per claim.
 */
export function refreshQueueBoardAfterChange(db: Firestore, kind: JobKind): Promise<void> {
  const ofDatabase = waitingAfterChange.get(db) ?? new Map<JobKind, Promise<void>>();
  waitingAfterChange.set(db, ofDatabase);
  const waiting = ofDatabase.get(kind);
  if (waiting) return waiting;
  const refresh = (async () => {
    const board = (await db.doc(paths.queueBoard(kind)).get()).data() as QueueBoardDoc | undefined;
    const waitMs = board ? board.updatedAtMs + queueBoardLimits.minRefreshMs - Date.now() : 0;
    if (waitMs > 0) await sleep(waitMs);
    // From here the reads follow every change that joined; a later one waits for its own.
    ofDatabase.delete(kind);
    await refreshNow(db, kind, Date.now(), queueBoardLimits.minRefreshMs);
  })().finally(() => {
    if (ofDatabase.get(kind) === refresh) ofDatabase.delete(kind);
  });
  ofDatabase.set(kind, refresh);
  return refresh;
}

const waitingAfterChange = new WeakMap<Firestore, Map<JobKind, Promise<void>>>();

/**
 * Rewrites the board when it is older than `maxAgeMs`, judging the board as
 * `read` found it when the caller has just read it, and reading it otherwise.
 */
async function refreshNow(
  db: Firestore,
  kind: JobKind,
  nowMs: number,
  maxAgeMs: number,
  read?: DocumentSnapshot,
): Promise<QueueBoardDoc> {
  const ref = db.doc(paths.queueBoard(kind));
  const snapshot = read ?? (await ref.get());
  const current = snapshot.data() as QueueBoardDoc | undefined;
  if (current && !boardIsStale(current, nowMs, maxAgeMs)) return current;
  const queuedJobs = db
    .collection(collections.jobs)
    .where('kind', '==', kind)
    .where('status', '==', 'queued');
  const [page, queued, started] = await Promise.all([
    queuedJobs.orderBy('createdAt').limit(queueBoardLimits.entries).select('createdAt').get(),
    queuedJobs.count().get(),
    db
      .collection(collections.jobs)
      .where('kind', '==', kind)
      .where('startedAt', '>=', Timestamp.fromMillis(nowMs - queueBoardLimits.throughputWindowMs))
      .count()
      .get(),
  ]);
  const board: QueueBoardDoc = {
    kind,
    queuedCreatedAtMs: page.docs.map((doc) => (doc.get('createdAt') as Timestamp).toMillis()),
    queued: queued.data().count,
    startedInWindow: started.data().count,
    updatedAtMs: nowMs,
  };
  try {
    if (snapshot.exists) await ref.update({ ...board }, { lastUpdateTime: snapshot.updateTime! });
    else await ref.create(board);
  } catch (error) {
    // Another refresh wrote first (FAILED_PRECONDITION or ALREADY_EXISTS): its board is as fresh.
    const code = (error as { code?: unknown }).code;
    if (code !== 9 && code !== 6) throw error;
  }
  return board;
}
