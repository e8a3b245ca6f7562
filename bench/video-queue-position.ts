import { setTimeout as after } from 'node:timers/promises';
import { paths, queueBoardLimits, type QueueBoardDoc } from '@phoenix/core';
import { type Timestamp, type Firestore } from 'firebase-admin/firestore';
import { ensureAccountFor } from '../functions/src/accounts.ts';
import { queuePositionOf } from '../functions/src/image-jobs/queue-position.ts';
import { acceptVideoJob } from '../functions/src/video-jobs/create.ts';
import { createFirestoreVideoJobStore } from '../runner/src/video/job-store.ts';
import { countingFirestore, emptyTally, type ReadTally } from './video-reads.ts';

/** The waiting room: how many wait, for how long, and how often the queue moves. */
export const waitingRoom = {
  users: 20,
  windowMs: 60_000,
  /** A browser asks at most `asksPerMinute` times a minute: once when it opens, then every 30 s. */
  askEveryMs: 60_000 / queueBoardLimits.asksPerMinute,
  /** One job leaves the queue (starts running) this often. */
  moveEveryMs: 5_000,
} as const;

export interface QueueCostFigures {
  label: string;
  queuedAtStart: number;
  /** Snapshots the board listeners received, initial ones included: 1 read each. */
  listenerDeliveries: number;
  asks: number;
  /** What the asks read and wrote through `queuePositionOf` (the job, the board, and any refresh). */
  asked: ReadTally;
  /** What the board refreshes after the workers' claims read and wrote (the claims themselves not counted). */
  claimed: ReadTally;
  /** Distinct `updatedAtMs` values a listener saw after its first snapshot: the board rewrites. */
  boardRewritesSeen: number;
  jobsStarted: number;
}

/**
 * One minute of `users` people waiting on queued video jobs, each with a
 * listener on `queueBoards/video` and `queuePositionOf` asked for their own
 * job at `askOffsetMs(user)` and every minute after, while a worker claims
 * one job every 5 s. The jobs are accepted by the real accept with a queue
 * that never delivers, so they stay queued until the bench starts them.
 */
export async function measureQueuePositionCost(
  db: Firestore,
  label: string,
  askOffsetMs: (user: number) => number,
): Promise<QueueCostFigures> {
  const neverDelivered = { enqueueVideoJob: async () => {} };
  const waiting = await Promise.all(
    Array.from({ length: waitingRoom.users }, async (_, index) => {
      const uid = `bench-waiting-${label.replace(/\W+/g, '-')}-${index}-${Date.now()}`;
      await ensureAccountFor(db, { uid, token: { email: `${uid}@example.com`, email_verified: true } });
      const request = {
        prompt: `bench queue ${index}: a lighthouse at dusk`,
        durationSeconds: 4,
        generateAudio: false,
      };
      const { jobId } = await acceptVideoJob({ db, queue: neverDelivered }, uid, request);
      return { uid, jobId };
    }),
  );
  // Oldest first, as the queue moves: accepted at once, so order by the jobs' creation times.
  const byAge = await Promise.all(
    waiting.map(async ({ jobId }) => ({
      jobId,
      createdAtMs: ((await db.doc(paths.job(jobId)).get()).get('createdAt') as Timestamp).toMillis(),
    })),
  );
  byAge.sort((a, b) => a.createdAtMs - b.createdAtMs);
  const board = db.doc(paths.queueBoard('video'));
  await board.delete();

  let listenerDeliveries = 0;
  const rewrites = new Set<number>();
  const stops = await Promise.all(
    waiting.map(
      (_, index) =>
        new Promise<() => void>((attached, failed) => {
          let first = true;
          const stop = board.onSnapshot((snapshot) => {
            listenerDeliveries += 1;
            const updatedAtMs = (snapshot.data() as QueueBoardDoc | undefined)?.updatedAtMs;
            if (index === 0 && !first && updatedAtMs !== undefined) rewrites.add(updatedAtMs);
            if (first) attached(stop);
            first = false;
          }, failed);
        }),
    ),
  );

  const asked = emptyTally();
  const counted = countingFirestore(db, asked);
  let asks = 0;
  const askRounds = Math.ceil(waitingRoom.windowMs / waitingRoom.askEveryMs);
  const askings = waiting.flatMap(({ uid, jobId }, user) =>
    Array.from({ length: askRounds }, async (_, round) => {
      await after(askOffsetMs(user) + round * waitingRoom.askEveryMs);
      asks += 1;
      await queuePositionOf(counted, uid, { jobId });
    }),
  );
  // Jobs leave the queue as in production: a worker's claim, which rewrites the board within a second.
  const claimed = emptyTally();
  const worker = createFirestoreVideoJobStore(countingFirestore(db, claimed), { logger: () => {} });
  const moves = Math.floor((waitingRoom.windowMs - 1) / waitingRoom.moveEveryMs);
  const starting = byAge.slice(0, moves).map(async ({ jobId }, index) => {
    await after((index + 1) * waitingRoom.moveEveryMs);
    await worker.claim(jobId, `bench-worker-${index}`, Date.now(), false);
  });

  await after(waitingRoom.windowMs);
  for (const stop of stops) stop();
  await Promise.all([...askings, ...starting]);
  // The jobs left queued would stand in the next measurement's line.
  await Promise.all(
    byAge.slice(moves).map(({ jobId }) => db.doc(paths.job(jobId)).update({ status: 'canceled' })),
  );
  return {
    label,
    queuedAtStart: waiting.length,
    listenerDeliveries,
    asks,
    asked,
    claimed,
    boardRewritesSeen: rewrites.size,
    jobsStarted: moves,
  };
}
