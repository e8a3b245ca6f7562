import { describe, expect, it } from 'vitest';
import {
  STARTING_LABEL,
  etaPhrase,
  liveProgress,
  phaseDetail,
  phaseLabel,
  progressAnnouncement,
  progressPercent,
} from './draft-progress.ts';

const minute = 60_000;

describe('progressPercent', () => {
  it('is elapsed over elapsed plus ETA, in whole percent', () => {
    expect(progressPercent({ elapsedMs: 60_000, etaMs: 120_000 })).toBe(33);
    expect(progressPercent({ elapsedMs: 90_000, etaMs: 90_000 })).toBe(50);
    expect(progressPercent({ elapsedMs: 0, etaMs: 180_000 })).toBe(0);
  });

  it('stops at 99 while running, even when the ETA has run out', () => {
    expect(progressPercent({ elapsedMs: 400_000, etaMs: 0 })).toBe(99);
    expect(progressPercent({ elapsedMs: 999_000, etaMs: 1_000 })).toBe(99);
  });

  it('has nothing to say with no time at all, or nonsense', () => {
    expect(progressPercent({ elapsedMs: 0, etaMs: 0 })).toBeNull();
    expect(progressPercent({ elapsedMs: Number.NaN, etaMs: 5_000 })).toBeNull();
  });

  it('reads negative times as zero', () => {
    expect(progressPercent({ elapsedMs: -5_000, etaMs: 10_000 })).toBe(0);
  });
});

describe('liveProgress', () => {
  const stored = { elapsedMs: 60_000, etaMs: 120_000 };
  const writtenAt = Date.UTC(2026, 11, 1, 12, 0, 0);

  it('moves the stored progress on by the time since it was written', () => {
    expect(liveProgress(stored, writtenAt, writtenAt + 15_000)).toEqual({
      elapsedMs: 75_000,
      etaMs: 105_000,
    });
  });

  it('never runs the ETA below zero between writes', () => {
    expect(liveProgress(stored, writtenAt, writtenAt + 10 * minute)).toEqual({
      elapsedMs: 180_000,
      etaMs: 0,
    });
  });

  it('counts a device clock behind the server as no time passed, and an unknown stamp likewise', () => {
    expect(liveProgress(stored, writtenAt, writtenAt - 30_000)).toEqual(stored);
    expect(liveProgress(stored, null, writtenAt + 30_000)).toEqual(stored);
  });
});

describe('etaPhrase', () => {
  it.each([
    [3 * minute, 'about 3 min left'],
    [2.6 * minute, 'about 3 min left'],
    [70_000, 'about 1 min left'],
    [59_000, 'less than a minute left'],
    [0, 'almost done'],
    [-1, 'almost done'],
  ])('%i ms reads "%s"', (ms, words) => {
    expect(etaPhrase(ms)).toBe(words);
  });
});

describe('progressAnnouncement', () => {
  it('rounds down to tens of percent, so it changes only now and then', () => {
    expect(progressAnnouncement({ elapsedMs: 47_000, etaMs: 53_000 })).toBe(
      '40% done, less than a minute left',
    );
    expect(progressAnnouncement({ elapsedMs: 60_000, etaMs: 120_000 })).toBe('30% done, about 2 min left');
  });

  it('falls back to the ETA alone when there is no percentage', () => {
    expect(progressAnnouncement({ elapsedMs: 0, etaMs: 0 })).toBe('almost done');
  });
});

describe('phaseLabel and phaseDetail', () => {
  it('name each running step, and the moment before the first', () => {
    expect(phaseLabel('submitted')).toBe('Submitted to Veo');
    expect(phaseLabel('generating')).toBe('Generating');
    expect(phaseLabel('finalizing')).toBe('Finalizing');
    expect(phaseLabel(null)).toBe(STARTING_LABEL);
  });

  it('say what happens in each step, never repeating its name', () => {
    for (const phase of ['submitted', 'generating', 'finalizing', null] as const) {
      expect(phaseDetail(phase)).not.toBe(phaseLabel(phase));
    }
    expect(phaseDetail('finalizing')).toBe('Saving the video and its poster');
  });
});
