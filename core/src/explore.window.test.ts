import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOP_WINDOW,
  isExploreTab,
  isTopWindow,
  topWindowLabels,
  topWindows,
  topWindowSinceMs,
} from './explore.ts';

const HOUR = 60 * 60 * 1000;
// 2026-11-30T14:37:12.345Z
const now = Date.UTC(2026, 10, 30, 14, 37, 12, 345);

describe('topWindowSinceMs', () => {
  it('reaches back a day for Today, rounded down to the hour', () => {
    expect(topWindowSinceMs('today', now)).toBe(Date.UTC(2026, 10, 29, 14));
  });

  it('reaches back seven days for This week, rounded down to the hour', () => {
    expect(topWindowSinceMs('week', now)).toBe(Date.UTC(2026, 10, 23, 14));
  });

  it('has no start for All time', () => {
    expect(topWindowSinceMs('all', now)).toBeNull();
  });

  it('stays the same within an hour, so the query (and its cache) does too', () => {
    const start = Date.UTC(2026, 10, 30, 14);
    expect(topWindowSinceMs('today', start)).toBe(topWindowSinceMs('today', start + HOUR - 1));
    expect(topWindowSinceMs('today', start + HOUR)).toBe(Date.UTC(2026, 10, 29, 15));
  });

  it('always covers at least the whole span', () => {
    for (const window of ['today', 'week'] as const) {
      const since = topWindowSinceMs(window, now)!;
      expect(now - since).toBeGreaterThanOrEqual(window === 'today' ? 24 * HOUR : 7 * 24 * HOUR);
      expect(now - since).toBeLessThan((window === 'today' ? 25 : 7 * 24 + 1) * HOUR);
    }
  });
});

describe('explore names', () => {
  it('labels every window and defaults to one of them', () => {
    expect(topWindows.map((window) => topWindowLabels[window])).toEqual(['Today', 'This week', 'All time']);
    expect(isTopWindow(DEFAULT_TOP_WINDOW)).toBe(true);
  });

  it('recognises only its own tab and window names', () => {
    expect(isExploreTab('top')).toBe(true);
    expect(isExploreTab('hot')).toBe(false);
    expect(isTopWindow('week')).toBe(true);
    expect(isTopWindow('month')).toBe(false);
    expect(isTopWindow(undefined)).toBe(false);
  });
});
