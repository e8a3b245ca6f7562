import type { JobKind } from './job-kinds.ts';

/**
 * Where queued jobs stand in line, at a bounded cost. Each job kind has one
 * board document (`queueBoards/{kind}`): the creation times of the first
 * {@link queueBoardLimits.entries} queued jobs, and how many jobs left the
 * queue lately. A waiting browser listens to the board (one listener) and
 * finds its own place by its job's creation time; it asks the server to
 * refresh the board at most {@link queueBoardLimits.asksPerMinute} times a
 * minute. A refresh rewrites the board only when it is older than
 * {@link queueBoardLimits.minRefreshMs}, so the board takes at most one
 * write a second however many people wait, and its reads (one page of
 * queued jobs and one count) are shared by all of them.
 */
export const queueBoardLimits = {
  /** Queued jobs the board lists; a job further back hears "more than this many ahead". */
  entries: 200,
  /** The board is rewritten at most this often, in ms: about one write a second keeps it cool. */
  minRefreshMs: 1_000,
  /** Each waiting browser asks for a refresh at most this many times a minute: two reads (its job and the board). */
  asksPerMinute: 1,
  /**
   * An ask about a job the board already lists rewrites the board only when
   * it is older than this, in ms. Jobs leave the queue through a worker's
   * claim or a cancel, and each rewrites the board within a second; new jobs
   * join at the back, behind everyone waiting. So those asks only catch a
   * board a failed rewrite left behind, and each costs its two reads rather
   * than a page of queued jobs. (See {@link askMaxBoardAgeMs}.)
   */
  askRefreshMs: 30_000,
  /** Throughput is measured over this window, in ms. */
  throughputWindowMs: 5 * 60_000,
} as const;

export interface QueueBoardDoc {
  kind: JobKind;
  /** Creation times (epoch ms) of the first queued jobs, oldest first; no ids, nothing private. */
  queuedCreatedAtMs: number[];
  /** Every queued job of the kind, including those past the listed ones. */
  queued: number;
  /** Jobs that left the queue (started) within the throughput window. */
  startedInWindow: number;
  updatedAtMs: number;
}

/** Whether a refresh at `nowMs` may rewrite the board: it is older than `maxAgeMs` (default: a second). */
export function boardIsStale(
  board: Pick<QueueBoardDoc, 'updatedAtMs'> | undefined,
  nowMs: number,
  maxAgeMs: number = queueBoardLimits.minRefreshMs,
): boolean {
  return !board || nowMs - board.updatedAtMs >= maxAgeMs;
}

/**
 * How old a board an ask about a job created at `jobCreatedAtMs` takes as it
 * is. A board written before the job joined may miss jobs that joined just
 * ahead of it, so the job's first ask rewrites it as soon as it may be (a
 * second); a board written since lists every job ahead, and only a failed
 * rewrite leaves it stale.
 */
export function askMaxBoardAgeMs(
  board: Pick<QueueBoardDoc, 'updatedAtMs'> | undefined,
  jobCreatedAtMs: number,
): number {
  return board && board.updatedAtMs > jobCreatedAtMs
    ? queueBoardLimits.askRefreshMs
    : queueBoardLimits.minRefreshMs;
}

/** A job's place on the board. */
export interface QueuePlace {
  /** Jobs queued before it; at least this many when `beyondBoard`. */
  ahead: number;
  beyondBoard: boolean;
  /** The wait, in whole minutes, from measured throughput; null when nothing started lately. */
  etaMinutes: { low: number; high: number } | null;
}

/** Where a queued job created at `createdAtMs` stands, read off the board. */
export function placeOnBoard(board: QueueBoardDoc, createdAtMs: number): QueuePlace {
  const listed = board.queuedCreatedAtMs;
  const ahead = countBefore(listed, createdAtMs);
  const beyondBoard = ahead === listed.length && board.queued > listed.length;
  return { ahead, beyondBoard, etaMinutes: etaRangeMinutes(ahead + 1, startsPerMinute(board)) };
}

/** Jobs leaving the queue per minute, over the throughput window. */
export function startsPerMinute(board: Pick<QueueBoardDoc, 'startedInWindow'>): number {
  return board.startedInWindow / (queueBoardLimits.throughputWindowMs / 60_000);
}

/**
 * The wait until the `place`th job in line starts, as a range of whole
 * minutes: at the measured rate, less a fifth and plus a third, since starts
 * come in bursts. Null without a measured rate.
 */
export function etaRangeMinutes(place: number, perMinute: number): { low: number; high: number } | null {
  if (!(perMinute > 0)) return null;
  const expected = place / perMinute;
  const low = Math.max(0, Math.floor(expected * 0.8));
  return { low, high: Math.max(low + 1, Math.ceil(expected * 1.3)) };
}

/** "about 2–3 min", or "under a minute". */
export function describeEta(eta: { low: number; high: number }): string {
  if (eta.high <= 1) return 'under a minute';
  return `about ${eta.low}–${eta.high} min`;
}

/** How many of the sorted times come strictly before `value` (binary search). */
function countBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
