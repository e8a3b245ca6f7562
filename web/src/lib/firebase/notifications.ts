/**
 * The bell: the signed-in user's notifications, live from
 * `notifications/{uid}/items`, and their read marker at `notifications/{uid}`.
 * Services write both; this reads them and calls `markNotificationsRead`.
 *
 * Two listeners, each cheap: the unread count listens to the marker and, for
 * each marker value, to the items newer than it (one past the badge limit, so
 * "99+" needs no more reads); the panel's list listens to the newest items
 * only while it is open. Both order on one field inside one subcollection, so
 * neither needs a composite index.
 */
import type { JobDoc, MarkNotificationsReadRequest, PostDoc } from '@phoenix/core';
import { paths } from '@phoenix/core';
import {
  collection,
  doc,
  getDoc,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type Firestore,
  type Query,
  type Timestamp,
} from 'firebase/firestore';
import { derived, writable, type Readable } from 'svelte/store';
import { toNotificationView, type NotificationView } from '../notifications/notification-view.ts';
import { unreadFromResult, unreadQueryLimit, type UnreadCount } from '../notifications/unread.ts';
import { getFirebase } from './app.ts';
import { currentUid } from './auth.ts';
import { describeListenError } from './firestore-errors.ts';
import { callAction, type ActionResult } from './callable.ts';
import { perUser } from './user-store.ts';

/** Notifications per page of the panel; "Show more" adds another page. */
export const NOTIFICATION_PAGE_SIZE = 20;

/** The items updated after `readUpTo` (all of them when nothing was read yet), newest first. */
export function unreadItemsQuery(
  db: Firestore,
  uid: string,
  readUpTo: Timestamp | null,
  max = unreadQueryLimit(),
): Query {
  const items = collection(db, paths.notifications(uid));
  return readUpTo
    ? query(items, where('updatedAt', '>', readUpTo), orderBy('updatedAt', 'desc'), limit(max))
    : query(items, orderBy('updatedAt', 'desc'), limit(max));
}

/** The newest `max` items, for the panel. */
export function notificationListQuery(db: Firestore, uid: string, max = NOTIFICATION_PAGE_SIZE): Query {
  return query(collection(db, paths.notifications(uid)), orderBy('updatedAt', 'desc'), limit(max));
}

export type UnreadState =
  | { status: 'signed-out' }
  | { status: 'loading' }
  /** `readUpToMs`: the marker in epoch ms, null when nothing was ever read. */
  | { status: 'ready'; unread: UnreadCount; readUpToMs: number | null }
  | { status: 'error'; message: string };

/** Live unread count of whoever is signed in; listens while something reads it. */
export const unreadNotifications = perUser<Extract<UnreadState, { status: 'ready' | 'error' }>>(
  (uid, set) => {
    const { db } = getFirebase();
    let stopItems: (() => void) | undefined;
    let marker: Timestamp | null | undefined;

    function listenItems(readUpTo: Timestamp | null) {
      stopItems?.();
      let loaded = false;
      stopItems = onSnapshot(
        unreadItemsQuery(db, uid, readUpTo),
        { includeMetadataChanges: true },
        (snapshot) => {
          // Offline, an empty cache is "not known yet", not "nothing unread".
          if (!loaded && snapshot.empty && snapshot.metadata.fromCache) return;
          loaded = true;
          set({
            status: 'ready',
            unread: unreadFromResult(snapshot.size),
            readUpToMs: readUpTo ? readUpTo.toMillis() : null,
          });
        },
        (error) => set({ status: 'error', message: describeListenError(error) }),
      );
    }

    const stopState = onSnapshot(
      doc(db, paths.notificationState(uid)),
      (snapshot) => {
        const readUpTo = (snapshot.get('readUpTo') as Timestamp | undefined) ?? null;
        // The marker document changes only when the marker does, but a
        // reconnect may replay it: re-listen only for a new value.
        if (marker !== undefined && (marker === readUpTo || (marker && readUpTo && marker.isEqual(readUpTo))))
          return;
        marker = readUpTo;
        listenItems(readUpTo);
      },
      (error) => set({ status: 'error', message: describeListenError(error) }),
    );
    return () => {
      stopState();
      stopItems?.();
    };
  },
);

export interface NotificationListState {
  status: 'signed-out' | 'loading' | 'ready' | 'error';
  items: NotificationView[];
  /** More items may exist past the ones shown. */
  hasMore: boolean;
  /** A "Show more" is being answered; the items shown so far stay. */
  loadingMore: boolean;
  error: string | null;
}

export interface NotificationList extends Readable<NotificationListState> {
  /** Shows another page: a no-op while one is loading or when none is left. */
  showMore(): void;
}

/**
 * The newest notifications of whoever is signed in, live, for the panel.
 * "Show more" widens the one listener rather than reading pages once, so
 * every item shown stays live (a like batch moves to the top when it grows).
 * @param pageSize items per page; default {@link NOTIFICATION_PAGE_SIZE}.
 */
export function createNotificationList(pageSize = NOTIFICATION_PAGE_SIZE): NotificationList {
  const size = writable(pageSize);
  let shown: NotificationListState = {
    status: 'loading',
    items: [],
    hasMore: false,
    loadingMore: false,
    error: null,
  };
  let owner: string | null | undefined;
  let listenedSize = 0;

  const state = derived<[typeof currentUid, typeof size], NotificationListState>(
    [currentUid, size],
    ([$uid, $size], set) => {
      if ($uid !== owner) {
        owner = $uid;
        listenedSize = 0;
        shown = { ...shown, status: $uid === null ? 'signed-out' : 'loading', items: [], hasMore: false };
      }
      // A wider page keeps the items shown while it loads; a re-open does not.
      shown = { ...shown, loadingMore: shown.status === 'ready' && $size > listenedSize };
      listenedSize = $size;
      set(shown);
      if (!$uid) return;
      return onSnapshot(
        notificationListQuery(getFirebase().db, $uid, $size),
        { includeMetadataChanges: true },
        (snapshot) => {
          if (shown.status === 'loading' && snapshot.empty && snapshot.metadata.fromCache) return;
          const items = snapshot.docs
            .map((document) =>
              toNotificationView(document.id, document.data({ serverTimestamps: 'estimate' })),
            )
            .filter((item): item is NotificationView => item !== null);
          shown = {
            status: 'ready',
            items,
            hasMore: snapshot.size >= $size,
            loadingMore: false,
            error: null,
          };
          set(shown);
        },
        (error) => {
          shown = { ...shown, status: shown.items.length ? 'ready' : 'error', loadingMore: false };
          shown.error = describeListenError(error);
          set(shown);
        },
      );
    },
    shown,
  );

  return {
    subscribe: state.subscribe,
    showMore() {
      if (shown.loadingMore || !shown.hasMore) return;
      size.update((current) => current + pageSize);
    },
  };
}

/**
 * Marks everything updated up to `upTo` (epoch ms, an integer) read. Pass the
 * newest shown item's time, so an item that arrives meanwhile stays unread.
 */
export async function markNotificationsRead(upTo: number | null): Promise<ActionResult<object>> {
  const result = await callAction<MarkNotificationsReadRequest, unknown>(
    'markNotificationsRead',
    upTo === null ? {} : { upTo },
  );
  return result.ok ? { ok: true } : result;
}

const postThumbs = new Map<string, Promise<string | null>>();
const jobPosts = new Map<string, Promise<string | null>>();

/**
 * A post's thumbnail, for a notification that names a post but carries no
 * image. Read once per post and page load (a thumbnail does not change);
 * null when the post is gone or unreadable, and the icon stands alone.
 */
export function postThumbnail(postId: string): Promise<string | null> {
  let pending = postThumbs.get(postId);
  if (!pending) {
    pending = getDoc(doc(getFirebase().db, paths.post(postId))).then(
      (snapshot) => {
        const data = snapshot.data() as Partial<PostDoc> | undefined;
        return data?.thumbUrl || data?.imageUrl || null;
      },
      () => {
        postThumbs.delete(postId);
        return null;
      },
    );
    postThumbs.set(postId, pending);
  }
  return pending;
}

/**
 * The first post a finished job made (jobs are readable by their owner), so
 * "Your image is ready" can open the image. Null when the job has none.
 */
export function firstPostOfJob(jobId: string): Promise<string | null> {
  let pending = jobPosts.get(jobId);
  if (!pending) {
    pending = getDoc(doc(getFirebase().db, paths.job(jobId))).then(
      (snapshot) => {
        // A video job has no post until its owner publishes the draft.
        const output = (snapshot.data() as Partial<JobDoc> | undefined)?.outputs?.[0];
        return output && 'postId' in output ? output.postId : null;
      },
      () => {
        jobPosts.delete(jobId);
        return null;
      },
    );
    jobPosts.set(jobId, pending);
  }
  return pending;
}
