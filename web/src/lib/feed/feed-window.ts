/**
 * The explore feed's list, kept as data: a live first page (newest posts,
 * from `onSnapshot` with a limit) plus older pages fetched with a cursor.
 *
 * The subtle part is the live page's limit. When a new post arrives, the
 * oldest post of the live page falls out of the snapshot as `removed`, yet it
 * still exists; dropping it would open a gap between the live page and the
 * older pages. So a post that leaves a *full* live page while sorting after
 * its last entry is kept; anything else that leaves was really deleted.
 * Pure and generic over the item and cursor types, so it is tested without
 * Firestore.
 */

export interface FeedEntry<Item, Cursor> {
  id: string;
  createdAtMs: number;
  item: Item;
  /** What `startAfter` needs to continue after this entry (a document snapshot). */
  cursor: Cursor;
}

export interface FeedWindow<Item, Cursor> {
  /** Every post known, newest first. */
  entries: FeedEntry<Item, Cursor>[];
  /** Ids in the current live page. */
  liveIds: ReadonlySet<string>;
  /** Whether an older page may exist: the last page read was full. */
  hasMore: boolean;
}

export function emptyFeedWindow<Item, Cursor>(): FeedWindow<Item, Cursor> {
  return { entries: [], liveIds: new Set(), hasMore: false };
}

/** Newest first; the id breaks ties the way Firestore does (`__name__` in the same direction). */
export function compareEntries(
  a: { id: string; createdAtMs: number },
  b: { id: string; createdAtMs: number },
) {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function sorted<Item, Cursor>(byId: Map<string, FeedEntry<Item, Cursor>>): FeedEntry<Item, Cursor>[] {
  return [...byId.values()].sort(compareEntries);
}

/**
 * Applies a new snapshot of the live first page.
 * @param live The page's documents, newest first, as the snapshot lists them.
 * @param pageSize The query's limit.
 */
export function applyLivePage<Item, Cursor>(
  window: FeedWindow<Item, Cursor>,
  live: FeedEntry<Item, Cursor>[],
  pageSize: number,
): FeedWindow<Item, Cursor> {
  const byId = new Map(window.entries.map((entry) => [entry.id, entry]));
  const liveIds = new Set(live.map((entry) => entry.id));
  const full = live.length >= pageSize;
  const oldestLive = live.at(-1);

  for (const id of window.liveIds) {
    if (liveIds.has(id)) continue;
    const entry = byId.get(id);
    const pushedOut =
      full && entry !== undefined && oldestLive !== undefined && compareEntries(oldestLive, entry) < 0;
    if (!pushedOut) byId.delete(id);
  }
  for (const entry of live) byId.set(entry.id, entry);

  // Before any older page is read, a full live page is the only hint that more exist.
  const firstSnapshot = window.entries.length === 0 && window.liveIds.size === 0;
  return { entries: sorted(byId), liveIds, hasMore: firstSnapshot ? full : window.hasMore };
}

/** Adds a page read after the oldest entry. */
export function applyOlderPage<Item, Cursor>(
  window: FeedWindow<Item, Cursor>,
  page: FeedEntry<Item, Cursor>[],
  pageSize: number,
): FeedWindow<Item, Cursor> {
  const byId = new Map(window.entries.map((entry) => [entry.id, entry]));
  for (const entry of page) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return { entries: sorted(byId), liveIds: window.liveIds, hasMore: page.length >= pageSize };
}

/** Where the next older page starts: after the oldest entry known. */
export function oldestCursor<Item, Cursor>(window: FeedWindow<Item, Cursor>): Cursor | undefined {
  return window.entries.at(-1)?.cursor;
}
