/**
 * The bell's unread count: what the badge says, what a screen reader hears,
 * and the marker "Mark all read" sends. Pure.
 *
 * The count comes from one listener on items newer than the read marker,
 * limited to one more than core's {@link UNREAD_BADGE_LIMIT}, so the badge
 * knows when to say "99+" without reading every unread item.
 */
import { isUnread, UNREAD_BADGE_LIMIT } from '@phoenix/core';

/** What the unread listener reports. */
export interface UnreadCount {
  /** Unread items seen, at most `limit + 1`. */
  count: number;
  /** Whether there are more than the badge counts. */
  capped: boolean;
}

/** How many items the unread listener asks for: one past the badge's limit, to know it was passed. */
export function unreadQueryLimit(limit = UNREAD_BADGE_LIMIT): number {
  return limit + 1;
}

/**
 * The count from the listener's result size.
 * @param seen documents the limited query returned.
 * @param limit badge limit; default {@link UNREAD_BADGE_LIMIT}.
 */
export function unreadFromResult(seen: number, limit = UNREAD_BADGE_LIMIT): UnreadCount {
  return seen > limit ? { count: limit, capped: true } : { count: Math.max(0, seen), capped: false };
}

/** The badge's text: empty when nothing is unread, else the number, or `99+` past the limit. */
export function badgeText(unread: UnreadCount, limit = UNREAD_BADGE_LIMIT): string {
  if (unread.capped) return `${limit}+`;
  return unread.count > 0 ? String(unread.count) : '';
}

/** The bell button's accessible name: "Notifications, 3 unread" (or "Notifications" while unknown). */
export function bellLabel(unread: UnreadCount | null, limit = UNREAD_BADGE_LIMIT): string {
  if (!unread) return 'Notifications';
  return `Notifications, ${unread.capped ? `${limit}+` : unread.count} unread`;
}

/**
 * What a polite live region says when the count changes, or null when it
 * should stay quiet: on the first count (the page just loaded; the bell's
 * name already says it) and when nothing changed.
 */
export function unreadAnnouncement(
  previous: UnreadCount | null,
  next: UnreadCount,
  limit = UNREAD_BADGE_LIMIT,
): string | null {
  if (!previous) return null;
  if (previous.count === next.count && previous.capped === next.capped) return null;
  if (next.count === 0) return 'All notifications read.';
  const amount = next.capped ? `More than ${limit}` : String(next.count);
  const noun = !next.capped && next.count === 1 ? 'notification' : 'notifications';
  const grew = next.count > previous.count || (next.capped && !previous.capped);
  return grew ? `New notification. ${amount} unread ${noun}.` : `${amount} unread ${noun}.`;
}

/**
 * The `upTo` for "Mark all read": the newest shown item's time, rounded up to
 * the next whole ms (the server's clock is finer than ms, and `upTo` is an
 * integer; rounding down would leave that item unread). An item that arrives
 * after the panel rendered is newer, so it stays unread. Null when nothing is
 * shown.
 */
export function markReadUpTo(items: readonly { updatedAtMs: number }[]): number | null {
  let newest: number | null = null;
  for (const item of items) {
    if (newest === null || item.updatedAtMs > newest) newest = item.updatedAtMs;
  }
  return newest === null ? null : Math.ceil(newest);
}

/** Whether any of `items` is unread under the marker (null: never read). */
export function hasUnread(items: readonly { updatedAtMs: number }[], readUpToMs: number | null): boolean {
  return items.some((item) => isUnread(item.updatedAtMs, readUpToMs));
}
