/**
 * The explore feed and single posts, live.
 *
 * The first page is an `onSnapshot` listener (newest `pageSize` posts), so new
 * posts appear at the top by themselves. Older pages are read once each with
 * a `startAfter` cursor as the reader scrolls; `feed-window.ts` merges both.
 */
import { collections, paths, type PostDoc } from '@phoenix/core';
import {
  collection,
  doc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  startAfter,
  type DocumentReference,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
} from 'firebase/firestore';
import { readable, writable, type Readable } from 'svelte/store';
import {
  applyLivePage,
  applyOlderPage,
  emptyFeedWindow,
  oldestCursor,
  type FeedEntry,
  type FeedWindow,
} from '../feed/feed-window.ts';
import { getFirebase } from './app.ts';
import { toPostView, type PostView } from './documents.ts';
import { describeListenError } from './firestore-errors.ts';

/** Posts per page: enough to fill a large screen twice. */
export const FEED_PAGE_SIZE = 24;

/** The newest posts, for the live first page. */
export function latestPostsQuery(db: Firestore, pageSize = FEED_PAGE_SIZE): Query {
  return query(collection(db, collections.posts), orderBy('createdAt', 'desc'), limit(pageSize));
}

/** The page of posts older than `after`, the oldest post shown so far. */
export function olderPostsQuery(
  db: Firestore,
  after: QueryDocumentSnapshot,
  pageSize = FEED_PAGE_SIZE,
): Query {
  return query(
    collection(db, collections.posts),
    orderBy('createdAt', 'desc'),
    startAfter(after),
    limit(pageSize),
  );
}

export function postRef(db: Firestore, postId: string): DocumentReference {
  return doc(db, paths.post(postId));
}

type PostEntry = FeedEntry<PostView, QueryDocumentSnapshot>;

function toEntry(snapshot: QueryDocumentSnapshot): PostEntry {
  const post = toPostView(snapshot.id, snapshot.data({ serverTimestamps: 'estimate' }) as PostDoc);
  return { id: post.id, createdAtMs: post.createdAtMs, item: post, cursor: snapshot };
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
 * @param pageSize Posts per page; default {@link FEED_PAGE_SIZE}.
 */
export function createExploreFeed(pageSize = FEED_PAGE_SIZE): ExploreFeed {
  let window: FeedWindow<PostView, QueryDocumentSnapshot> = emptyFeedWindow();
  let status: FeedState['status'] = 'loading';
  let loadingMore = false;
  let error: string | null = null;

  const state = writable<FeedState>(snapshotState(), (set) => {
    const stop = onSnapshot(
      latestPostsQuery(getFirebase().db, pageSize),
      // Metadata changes included: when the server confirms an empty result the
      // cache already showed, only `fromCache` changes, and that must arrive.
      { includeMetadataChanges: true },
      (snapshot) => {
        // Offline, the SDK answers from its empty cache after a while; that is
        // "not loaded yet", not "no posts", so the skeleton stays.
        if (status === 'loading' && snapshot.empty && snapshot.metadata.fromCache) return;
        window = applyLivePage(window, snapshot.docs.map(toEntry), pageSize);
        status = 'ready';
        error = null;
        set(snapshotState());
      },
      (failure) => {
        status = 'error';
        error = describeListenError(failure);
        set(snapshotState());
      },
    );
    return stop;
  });

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
      const page = await getDocs(olderPostsQuery(getFirebase().db, after, pageSize));
      window = applyOlderPage(window, page.docs.map(toEntry), pageSize);
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
      (failure) => set({ status: 'error', message: describeListenError(failure) }),
    ),
  );
}
