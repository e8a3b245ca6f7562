/**
 * One user's posts for their profile page, newest first, live on the first
 * page and paged with a cursor after it (the explore feed's `feed-window.ts`
 * merges both, unchanged). Visitors ask only for public posts, which is also
 * what the rules let them read; the owner's own query has no `hidden` filter,
 * so their hidden posts stay listed, badged, with a way back.
 *
 * Indexes: posts (ownerUid ASC, hidden ASC, createdAt DESC) for visitors and
 * posts (ownerUid ASC, createdAt DESC) for the owner.
 */
import {
  collections,
  type PostDoc,
  type SetOwnPostHiddenRequest,
  type SetOwnPostHiddenResponse,
} from '@phoenix/core';
import {
  collection,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  startAfter,
  where,
  type Firestore,
  type Query,
  type QueryConstraint,
  type QueryDocumentSnapshot,
} from 'firebase/firestore';
import { writable, type Readable } from 'svelte/store';
import {
  applyLivePage,
  applyOlderPage,
  emptyFeedWindow,
  oldestCursor,
  type FeedEntry,
  type FeedWindow,
} from '../feed/feed-window.ts';
import { getFirebase } from './app.ts';
import { callFunction } from './callable.ts';
import { describeCallableError, type CallableProblem } from './callable-errors.ts';
import { toPostView, type PostView } from './documents.ts';
import { describeListenError } from './firestore-errors.ts';

/** Posts per profile page: four rows of a wide grid. */
export const PROFILE_PAGE_SIZE = 24;

/**
 * A user's posts, newest first.
 * @param own The reader is the owner: hidden posts are included.
 * @param after Continue after this post (the oldest shown); omitted for the first page.
 */
export function profilePostsQuery(
  db: Firestore,
  uid: string,
  own: boolean,
  pageSize = PROFILE_PAGE_SIZE,
  after?: QueryDocumentSnapshot,
): Query {
  const constraints: QueryConstraint[] = [where('ownerUid', '==', uid)];
  if (!own) constraints.push(where('hidden', '==', false));
  constraints.push(orderBy('createdAt', 'desc'));
  if (after) constraints.push(startAfter(after));
  constraints.push(limit(pageSize));
  return query(collection(db, collections.posts), ...constraints);
}

type PostEntry = FeedEntry<PostView, QueryDocumentSnapshot>;

function toEntry(snapshot: QueryDocumentSnapshot): PostEntry {
  const post = toPostView(snapshot.id, snapshot.data({ serverTimestamps: 'estimate' }) as PostDoc);
  return { id: post.id, createdAtMs: post.createdAtMs, item: post, cursor: snapshot };
}

export interface ProfileFeedState {
  status: 'loading' | 'ready' | 'error';
  posts: PostView[];
  hasMore: boolean;
  loadingMore: boolean;
  /** Why the list or the last page failed, in words. */
  error: string | null;
}

export interface ProfileFeed extends Readable<ProfileFeedState> {
  /** Reads the next older page; a no-op while one is loading or when none is left. */
  loadMore(): Promise<void>;
  /**
   * Hides or unhides one of the owner's posts. On success the post is patched
   * here at once: a post on an older page has no listener to bring the change.
   */
  setHidden(postId: string, hidden: boolean): Promise<{ ok: true } | ({ ok: false } & CallableProblem)>;
}

/**
 * @param uid Whose posts.
 * @param own Whether the reader is that user (see {@link profilePostsQuery}).
 * @param pageSize Posts per page; default {@link PROFILE_PAGE_SIZE}.
 */
export function createProfileFeed(uid: string, own: boolean, pageSize = PROFILE_PAGE_SIZE): ProfileFeed {
  let window: FeedWindow<PostView, QueryDocumentSnapshot> = emptyFeedWindow();
  let status: ProfileFeedState['status'] = 'loading';
  let loadingMore = false;
  let error: string | null = null;

  const current = (): ProfileFeedState => ({
    status,
    posts: window.entries.map((entry) => entry.item),
    hasMore: window.hasMore,
    loadingMore,
    error,
  });

  const state = writable<ProfileFeedState>(current(), (set) =>
    onSnapshot(
      profilePostsQuery(getFirebase().db, uid, own, pageSize),
      { includeMetadataChanges: true },
      (snapshot) => {
        // An empty answer from an empty cache offline is "not loaded yet".
        if (status === 'loading' && snapshot.empty && snapshot.metadata.fromCache) return;
        window = applyLivePage(window, snapshot.docs.map(toEntry), pageSize);
        status = 'ready';
        error = null;
        set(current());
      },
      (failure) => {
        status = 'error';
        error = describeListenError(failure);
        set(current());
      },
    ),
  );

  async function loadMore(): Promise<void> {
    const after = oldestCursor(window);
    if (loadingMore || !window.hasMore || !after) return;
    loadingMore = true;
    state.set(current());
    try {
      const page = await getDocs(profilePostsQuery(getFirebase().db, uid, own, pageSize, after));
      window = applyOlderPage(window, page.docs.map(toEntry), pageSize);
      error = null;
    } catch (failure) {
      error = describeListenError(failure);
    } finally {
      loadingMore = false;
      state.set(current());
    }
  }

  async function setHidden(postId: string, hidden: boolean) {
    try {
      const data = await callFunction<SetOwnPostHiddenRequest, SetOwnPostHiddenResponse>('setOwnPostHidden', {
        postId,
        hidden,
      });
      window = {
        ...window,
        entries: window.entries.map((entry) =>
          entry.id === postId && entry.item.hiddenReason !== 'reported'
            ? {
                ...entry,
                item: { ...entry.item, hidden: data.hidden, hiddenReason: data.hidden ? 'owner' : null },
              }
            : entry,
        ),
      };
      state.set(current());
      return { ok: true as const };
    } catch (failure) {
      return { ok: false as const, ...describeCallableError(failure) };
    }
  }

  return { subscribe: state.subscribe, loadMore, setHidden };
}
