/**
 * The explore feed (New and Top) and single posts, live.
 *
 * Each feed's first page is an `onSnapshot` listener, so new posts (New) and
 * posts gaining likes (Top) move by themselves. Older pages are read once
 * each with a `startAfter` cursor as the reader scrolls; `feed-window.ts`
 * merges both. Every query filters `hidden == false`: the rules let anyone
 * read only visible posts, and refuse a query that could return others.
 *
 * Indexes (firestore.indexes.json): posts (hidden ASC, createdAt DESC) for
 * New; posts (hidden ASC, likeCount DESC, createdAt DESC) for Top, whose
 * `createdAt >= since` range rides on the last field.
 */
import { collections, paths, topWindowSinceMs, type PostDoc } from '@phoenix/core';
import {
  collection,
  doc,
  getDoc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  startAfter,
  Timestamp,
  where,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type QueryConstraint,
} from 'firebase/firestore';
import { readable, writable, type Readable } from 'svelte/store';
import type { ExploreView } from '../feed/explore-url.ts';
import {
  applyLivePage,
  applyOlderPage,
  emptyFeedWindow,
  mostLikedFirst,
  newestFirst,
  oldestCursor,
  resolveEntry,
  type FeedEntry,
  type FeedOrder,
  type FeedWindow,
} from '../feed/feed-window.ts';
import { getFirebase } from './app.ts';
import { toPostView, type PostView } from './documents.ts';
import { describeListenError } from './firestore-errors.ts';

/** Posts per page: enough to fill a large screen twice. */
export const FEED_PAGE_SIZE = 24;

/** What an explore query needs: New, or Top since a time (epoch ms; null for all time). */
export type ExploreQuerySpec = { tab: 'new' } | { tab: 'top'; sinceMs: number | null };

/** The query spec of a view, with Top's window start taken at `nowMs`. */
export function exploreQuerySpec(view: ExploreView, nowMs = Date.now()): ExploreQuerySpec {
  return view.tab === 'new' ? view : { tab: 'top', sinceMs: topWindowSinceMs(view.window, nowMs) };
}

/**
 * One page of the explore feed.
 * @param after Continue after this post (the last shown); omitted for the first page.
 * @param pageSize Default {@link FEED_PAGE_SIZE}.
 */
export function exploreQuery(
  db: Firestore,
  spec: ExploreQuerySpec,
  pageSize = FEED_PAGE_SIZE,
  after?: DocumentSnapshot,
): Query {
  const constraints: QueryConstraint[] = [where('hidden', '==', false)];
  if (spec.tab === 'top') {
    if (spec.sinceMs !== null) constraints.push(where('createdAt', '>=', Timestamp.fromMillis(spec.sinceMs)));
    constraints.push(orderBy('likeCount', 'desc'));
  }
  constraints.push(orderBy('createdAt', 'desc'));
  if (after) constraints.push(startAfter(after));
  constraints.push(limit(pageSize));
  return query(collection(db, collections.posts), ...constraints);
}

export function postRef(db: Firestore, postId: string): DocumentReference {
  return doc(db, paths.post(postId));
}

type PostEntry = FeedEntry<PostView, DocumentSnapshot>;

const orders: Record<ExploreQuerySpec['tab'], FeedOrder<PostView>> = {
  new: newestFirst,
  top: mostLikedFirst<PostView>((post) => post.likeCount),
};

function toEntry(snapshot: DocumentSnapshot): PostEntry | null {
  const data = snapshot.data({ serverTimestamps: 'estimate' }) as PostDoc | undefined;
  if (!data) return null;
  const post = toPostView(snapshot.id, data);
  return { id: post.id, createdAtMs: post.createdAtMs, item: post, cursor: snapshot };
}

function toEntries(snapshots: DocumentSnapshot[]): PostEntry[] {
  return snapshots.map(toEntry).filter((entry): entry is PostEntry => entry !== null);
}

/** Whether a re-read post still belongs in the feed: visible and, for Top, inside the window. */
function stillListed(entry: PostEntry | null, spec: ExploreQuerySpec): entry is PostEntry {
  if (!entry || entry.item.hidden) return false;
  return spec.tab === 'new' || spec.sinceMs === null || entry.createdAtMs >= spec.sinceMs;
}

export interface FeedState {
  status: 'loading' | 'ready' | 'error';
  posts: PostView[];
  /** An older page may exist. */
  hasMore: boolean;
  loadingMore: boolean;
  /** Why the feed or the last page failed, in words. */
  error: string | null;
}

export interface ExploreFeed extends Readable<FeedState> {
  /** Reads the next older page; a no-op while one is loading or when none is left. */
  loadMore(): Promise<void>;
}

/**
 * A live explore feed. The listener runs while something subscribes.
 * @param spec New, or Top since a time; see {@link exploreQuerySpec}.
 * @param pageSize Posts per page; default {@link FEED_PAGE_SIZE}.
 */
export function createExploreFeed(
  spec: ExploreQuerySpec = { tab: 'new' },
  pageSize = FEED_PAGE_SIZE,
): ExploreFeed {
  const order = orders[spec.tab];
  let window: FeedWindow<PostView, DocumentSnapshot> = emptyFeedWindow();
  let status: FeedState['status'] = 'loading';
  let loadingMore = false;
  let error: string | null = null;
  let active = false;
  const rereading = new Set<string>();

  const state = writable<FeedState>(snapshotState(), (set) => {
    active = true;
    const stop = onSnapshot(
      exploreQuery(getFirebase().db, spec, pageSize),
      // Metadata changes included: when the server confirms an empty result the
      // cache already showed, only `fromCache` changes, and that must arrive.
      { includeMetadataChanges: true },
      (snapshot) => {
        // Offline, the SDK answers from its empty cache after a while; that is
        // "not loaded yet", not "no posts", so the skeleton stays.
        if (status === 'loading' && snapshot.empty && snapshot.metadata.fromCache) return;
        window = applyLivePage(window, toEntries(snapshot.docs), pageSize, order);
        status = 'ready';
        error = null;
        set(snapshotState());
        for (const id of window.unresolved) void reread(id);
      },
      (failure) => {
        status = 'error';
        error = describeListenError(failure);
        set(snapshotState());
      },
    );
    return () => {
      active = false;
      stop();
    };
  });

  /**
   * Top only: a post left the live page and its new place is unknown (it may
   * have lost likes, or be gone). One read settles it; a refusal means it is
   * hidden now, which is "gone" for this feed.
   */
  async function reread(id: string): Promise<void> {
    if (rereading.has(id)) return;
    rereading.add(id);
    let fresh: PostEntry | null;
    try {
      const entry = toEntry(await getDoc(postRef(getFirebase().db, id)));
      fresh = stillListed(entry, spec) ? entry : null;
    } catch {
      fresh = null;
    } finally {
      rereading.delete(id);
    }
    if (!active) return;
    window = resolveEntry(window, id, fresh, order);
    state.set(snapshotState());
  }

  function snapshotState(): FeedState {
    return {
      status,
      posts: window.entries.map((entry) => entry.item),
      hasMore: window.hasMore,
      loadingMore,
      error,
    };
  }

  async function loadMore(): Promise<void> {
    const after = oldestCursor(window);
    if (loadingMore || !window.hasMore || !after) return;
    loadingMore = true;
    state.set(snapshotState());
    try {
      const page = await getDocs(exploreQuery(getFirebase().db, spec, pageSize, after));
      window = applyOlderPage(window, toEntries(page.docs), pageSize, order);
      error = null;
    } catch (failure) {
      error = describeListenError(failure);
    } finally {
      loadingMore = false;
      state.set(snapshotState());
    }
  }

  return { subscribe: state.subscribe, loadMore };
}

export type PostState =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'ready'; post: PostView }
  | { status: 'error'; message: string };

/** One post, live (its like count moves). */
export function watchPost(postId: string): Readable<PostState> {
  // An id with a slash would address another collection (or throw); no post has one.
  if (!postId || postId.includes('/')) return readable<PostState>({ status: 'missing' });
  return readable<PostState>({ status: 'loading' }, (set) =>
    onSnapshot(
      postRef(getFirebase().db, postId),
      { includeMetadataChanges: true },
      (snapshot) => {
        // A cache miss while offline is not "this post does not exist".
        if (!snapshot.exists() && snapshot.metadata.fromCache) return;
        const data = snapshot.data({ serverTimestamps: 'estimate' }) as PostDoc | undefined;
        set(data ? { status: 'ready', post: toPostView(snapshot.id, data) } : { status: 'missing' });
      },
      // Hidden while open (or never public): the rules refuse it, which for
      // this reader is the same as gone.
      (failure) =>
        set(
          (failure as { code?: unknown }).code === 'permission-denied'
            ? { status: 'missing' }
            : { status: 'error', message: describeListenError(failure) },
        ),
    ),
  );
}
