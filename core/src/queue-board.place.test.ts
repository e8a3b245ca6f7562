import { describe, expect, it } from 'vitest';
import {
  askMaxBoardAgeMs,
  boardIsStale,
  describeEta,
  etaRangeMinutes,
  placeOnBoard,
  queueBoardLimits,
  type QueueBoardDoc,
} from './queue-board.ts';

const board = (queuedCreatedAtMs: number[], extra: Partial<QueueBoardDoc> = {}): QueueBoardDoc => ({
  kind: 'image',
  queuedCreatedAtMs,
  queued: queuedCreatedAtMs.length,
  startedInWindow: 10,
  updatedAtMs: 0,
  ...extra,
});

describe('placeOnBoard', () => {
  it('counts the listed jobs created before this one', () => {
    const listed = board([100, 200, 300, 400]);
    expect(placeOnBoard(listed, 100).ahead).toBe(0);
    expect(placeOnBoard(listed, 300).ahead).toBe(2);
    expect(placeOnBoard(listed, 250).ahead).toBe(2);
    expect(placeOnBoard(listed, 300).beyondBoard).toBe(false);
  });

  it('says "at least" for a job further back than the board lists', () => {
    const place = placeOnBoard(board([100, 200], { queued: 900 }), 5_000);
    expect(place).toMatchObject({ ahead: 2, beyondBoard: true });
  });

  it('gives an ETA range from the measured starts, and none without any', () => {
    // 10 starts in 5 minutes: 2 a minute; the 5th in line waits about 2.5 minutes.
    expect(placeOnBoard(board([1, 2, 3, 4, 5]), 5).etaMinutes).toEqual({ low: 2, high: 4 });
    expect(placeOnBoard(board([1], { startedInWindow: 0 }), 1).etaMinutes).toBeNull();
  });
});

describe('the ETA wording and the refresh rule', () => {
  it('words ranges, and rewrites the board at most once a second', () => {
    expect(describeEta({ low: 2, high: 3 })).toBe('about 2–3 min');
    expect(describeEta(etaRangeMinutes(1, 10)!)).toBe('under a minute');
    expect(boardIsStale(undefined, 0)).toBe(true);
    expect(boardIsStale({ updatedAtMs: 10_000 }, 10_999)).toBe(false);
    expect(boardIsStale({ updatedAtMs: 10_000 }, 11_000)).toBe(true);
    // An ask leaves a board the claims keep fresh alone until it is older than askRefreshMs.
    const { askRefreshMs } = queueBoardLimits;
    expect(boardIsStale({ updatedAtMs: 10_000 }, 10_000 + askRefreshMs - 1, askRefreshMs)).toBe(false);
    expect(boardIsStale({ updatedAtMs: 10_000 }, 10_000 + askRefreshMs, askRefreshMs)).toBe(true);
  });

  it('lets a new job’s first ask rewrite a board written before it joined, and older jobs’ asks only a stale one', () => {
    const { askRefreshMs, minRefreshMs } = queueBoardLimits;
    expect(askMaxBoardAgeMs(undefined, 5_000)).toBe(minRefreshMs);
    expect(askMaxBoardAgeMs({ updatedAtMs: 4_000 }, 5_000)).toBe(minRefreshMs);
    expect(askMaxBoardAgeMs({ updatedAtMs: 5_000 }, 5_000)).toBe(minRefreshMs);
    expect(askMaxBoardAgeMs({ updatedAtMs: 5_001 }, 5_000)).toBe(askRefreshMs);
  });
});
