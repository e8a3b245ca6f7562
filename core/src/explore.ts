/**
 * The explore feed's two orders and the Top feed's time windows.
 *
 * New lists visible posts newest first. Top lists the most-liked posts made
 * since the window's start, newest first among equals. The window is rolling
 * (the last 24 hours, the last 7 days), not calendar-based, so "Today" never
 * comes up empty just after midnight. Its start is rounded down to the hour:
 * the query stays identical for an hour, so a repeat visit matches the query
 * the persistent cache and open listeners already hold, and the feed does
 * not re-sort under the reader every millisecond.
 */

export const exploreTabs = ['new', 'top'] as const;
export type ExploreTab = (typeof exploreTabs)[number];

export const topWindows = ['today', 'week', 'all'] as const;
export type TopWindow = (typeof topWindows)[number];

/** The window Top opens with: a week has enough likes to rank by. */
export const DEFAULT_TOP_WINDOW: TopWindow = 'week';

export const topWindowLabels: Record<TopWindow, string> = {
  today: 'Today',
  week: 'This week',
  all: 'All time',
};

const HOUR_MS = 60 * 60 * 1000;

/** How far back each window reaches, in ms; `null` is no limit. */
export const topWindowSpanMs: Record<TopWindow, number | null> = {
  today: 24 * HOUR_MS,
  week: 7 * 24 * HOUR_MS,
  all: null,
};

/**
 * The earliest `createdAt` (epoch ms) a post may have to rank in `window`,
 * or `null` for all time (the query then has no time filter).
 * @param nowMs The current time, epoch ms.
 */
export function topWindowSinceMs(window: TopWindow, nowMs: number): number | null {
  const span = topWindowSpanMs[window];
  if (span === null) return null;
  return Math.floor((nowMs - span) / HOUR_MS) * HOUR_MS;
}

export function isExploreTab(value: unknown): value is ExploreTab {
  return typeof value === 'string' && (exploreTabs as readonly string[]).includes(value);
}

export function isTopWindow(value: unknown): value is TopWindow {
  return typeof value === 'string' && (topWindows as readonly string[]).includes(value);
}
