/**
 * Time shown to people: elapsed clocks on running jobs and "5 min ago" style
 * stamps. Pure and locale-free on purpose, so tests and screenshots agree;
 * full dates go through `Intl` where the reader's locale matters.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A stopwatch reading: `0:07`, `12:30`, `1:02:03`.
 * @param ms Elapsed milliseconds; negative values (clock skew) read as zero.
 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${minutes}:${ss}`;
}

/**
 * How long ago, coarsely: `just now`, `5 min ago`, `3 h ago`, `yesterday`,
 * `4 days ago`, then the date.
 * @param thenMs The moment, in epoch milliseconds.
 * @param nowMs The current time, in epoch milliseconds.
 * @param locale For the date past a week; defaults to the reader's.
 */
export function formatRelative(thenMs: number, nowMs: number, locale?: string): string {
  const ago = nowMs - thenMs;
  // A server timestamp slightly ahead of this device's clock is still "now".
  if (ago < 45 * SECOND) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  return formatDate(thenMs, locale);
}

/** A calendar date, `12 Nov 2026` style in the reader's locale. */
export function formatDate(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
}

/** Date and time for a post's details, in the reader's locale. */
export function formatDateTime(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
