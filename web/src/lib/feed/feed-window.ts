/**
 * The explore feed's list, kept as data: a live first page (`onSnapshot`
 * with a limit) plus older pages fetched with a cursor, in one order.
 *
 * The subtle part is the live page's limit. When a post enters the live
 * page, the last post of the page falls out of the snapshot as `removed`,
 * yet it still exists; dropping it would open a gap between the live page
 * and the older pages. So a post that leaves a *full* live page while
 * sorting after its last entry is kept; anything else that leaves a page
 * sorted by a fixed key (New: `createdAt`) was really deleted or hidden.
 *
 * Top sorts by `likeCount`, which moves. A post that leaves the full live
 * page while its last known key still sorts inside it may have lost likes
 * and moved down, or may be gone: the snapshot cannot tell. It is kept,
 * marked `unresolved`, until the adapter re-reads it and calls
 * {@link resolveEntry}, which puts it at its new place or drops it. A post
 * rising from an older page into the live page replaces its older copy
 * (entries are keyed by id), so nothing shows twice.
 *
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

/** How a feed sorts, and whether an entry's sort key can change after it is posted. */
export interface FeedOrder<Item> {
  /** Negative when `a` comes first; must match the query's `orderBy`, ties included. */
  compare(a: FeedEntry<Item, unknown>, b: FeedEntry<Item, unknown>): number;
  /** The key changes over time (likes), so a departure from the live page may be a move. */
  mutableKeys: boolean;
}

export interface FeedWindow<Item, Cursor> {
  /** Every post known, in the feed's order. */
  entries: FeedEntry<Item, Cursor>[];
  /** Ids in the current live page. */
  liveIds: ReadonlySet<string>;
  /** Whether an older page may exist: the last page read was full. */
  hasMore: boolean;
  /** Ids that left the live page to a place unknown; see {@link resolveEntry}. */
  unresolved: ReadonlySet<string>;
  /** An older page has been read: from then on, that page decides `hasMore`. */
  olderRead: boolean;
}

export function emptyFeedWindow<Item, Cursor>(): FeedWindow<Item, Cursor> {
  return { entries: [], liveIds: new Set(), hasMore: false, unresolved: new Set(), olderRead: false };
}

/** Firestore breaks ties by document id (`__name__`) in the last `orderBy`'s direction. */
function idDescending(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Newest first: `orderBy('createdAt', 'desc')`. */
export function compareEntries(
  a: { id: string; createdAtMs: number },
  b: { id: string; createdAtMs: number },
): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  return idDescending(a, b);
}

/** The New feed's order. */
export const newestFirst: FeedOrder<unknown> = { compare: compareEntries, mutableKeys: false };

/**
 * The Top feed's order: `orderBy('likeCount', 'desc'), orderBy('createdAt', 'desc')`.
 * @param likesOf Reads an item's like count.
 */
export function mostLikedFirst<Item>(likesOf: (item: Item) => number): FeedOrder<Item> {
  return {
    compare: (a, b) => likesOf(b.item) - likesOf(a.item) || compareEntries(a, b),
    mutableKeys: true,
  };
}

function sorted<Item, Cursor>(
  byId: Map<string, FeedEntry<Item, Cursor>>,
  order: FeedOrder<Item>,
): FeedEntry<Item, Cursor>[] {
  return [...byId.values()].sort((a, b) => order.compare(a, b));
}

/**
 * Applies a new snapshot of the live first page.
 * @param live The page's documents, in the query's order, as the snapshot lists them.
 * @param pageSize The query's limit.
 * @param order The query's order; default {@link newestFirst}.
 */
export function applyLivePage<Item, Cursor>(
  window: FeedWindow<Item, Cursor>,
  live: FeedEntry<Item, Cursor>[],
  pageSize: number,
  order: FeedOrder<Item> = newestFirst,
): FeedWindow<Item, Cursor> {
  const byId = new Map(window.entries.map((entry) => [entry.id, entry]));
  const liveIds = new Set(live.map((entry) => entry.id));
  const unresolved = new Set([...window.unresolved].filter((id) => !liveIds.has(id)));
  const full = live.length >= pageSize;
  const lastLive = live.at(-1);

  for (const id of window.liveIds) {
    if (liveIds.has(id)) continue;
    const entry = byId.get(id);
    // A page that is not full holds every match, so leaving it means no longer matching.
    if (!full || entry === undefined || lastLive === undefined) {
      byId.delete(id);
    } else if (order.compare(lastLive, entry) < 0) {
      // Pushed out below the page by a post that entered it: still there.
    } else if (order.mutableKeys) {
      unresolved.add(id);
    } else {
      byId.delete(id);
    }
  }
  for (const entry of live) byId.set(entry.id, entry);

  // Before any older page is read, a full live page is the only hint that more
  // exist; every live snapshot until then re-decides it, since the first one may
  // come from a cache holding only part of the page.
  return {
    ...window,
    entries: sorted(byId, order),
    liveIds,
    hasMore: window.olderRead ? window.hasMore : full,
    unresolved,
  };
}

/** Adds a page read after the oldest entry; posts already known keep their place. */
export function applyOlderPage<Item, Cursor>(
  window: FeedWindow<Item, Cursor>,
  page: FeedEntry<Item, Cursor>[],
  pageSize: number,
  order: FeedOrder<Item> = newestFirst,
): FeedWindow<Item, Cursor> {
  const byId = new Map(window.entries.map((entry) => [entry.id, entry]));
  for (const entry of page) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return { ...window, entries: sorted(byId, order), hasMore: page.length >= pageSize, olderRead: true };
}

/**
 * Settles a post that left the live page to a place unknown, once re-read.
 * @param fresh The post as read now, or `null` when it is gone (deleted,
 *   hidden, out of the window). A post now sorting after every entry known
 *   while older pages remain is dropped: the page that holds it will bring it.
 */
export function resolveEntry<Item, Cursor>(
  window: FeedWindow<Item, Cursor>,
  id: string,
  fresh: FeedEntry<Item, Cursor> | null,
  order: FeedOrder<Item>,
): FeedWindow<Item, Cursor> {
  // Back in the live page since (its snapshot is newer than this read), or settled already.
  if (!window.unresolved.has(id) || window.liveIds.has(id)) return window;
  const unresolved = new Set(window.unresolved);
  unresolved.delete(id);
  const others = window.entries.filter((entry) => entry.id !== id);
  const last = others.at(-1);
  const withinKnown =
    fresh !== null && (!window.hasMore || (last !== undefined && order.compare(fresh, last) < 0));
  const byId = new Map(others.map((entry) => [entry.id, entry]));
  if (withinKnown) byId.set(id, fresh);
  return { ...window, entries: sorted(byId, order), unresolved };
}

/** Where the next older page starts: after the last entry known. */
export function oldestCursor<Item, Cursor>(window: FeedWindow<Item, Cursor>): Cursor | undefined {
  return window.entries.at(-1)?.cursor;
}
