import { collections } from '@phoenix/core';
import { deleteApp, initializeApp } from 'firebase/app';
import {
  collection,
  connectFirestoreEmulator,
  getFirestore,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
} from 'firebase/firestore';
import type { EmulatorEndpoints } from '../../dev/src/seed/phoenix-client.ts';
import { beforeDeadline } from './outcomes.ts';

/**
 * The explore feed's first page, New tab, as web/src/lib/firebase/posts.ts
 * (`exploreQuery`) builds it for a visitor: visible posts, newest first, one
 * page of FEED_PAGE_SIZE. Restated here because the bench compiles without
 * the web app's sources; posts.explore-query.test.ts pins the original.
 */
const feedPageSize = 24;

/**
 * One visitor: a fresh web-SDK app (its own connection and empty cache, as a
 * new browser tab would have), signed out, attaching the feed's live
 * listener. Resolves with the time to the first snapshot the feed would
 * paint, after staying `stayMs` and leaving (listener and app gone).
 */
export async function visitFeed(
  endpoints: EmulatorEndpoints,
  name: string,
  stayMs: number,
  deadlineMs: number,
): Promise<number> {
  const app = initializeApp({ projectId: endpoints.projectId, apiKey: 'demo-api-key' }, name);
  let stop: (() => void) | undefined;
  try {
    const db = getFirestore(app);
    const [host = '127.0.0.1', port = '0'] = endpoints.firestoreHost.split(':');
    connectFirestoreEmulator(db, host, Number(port));
    const started = performance.now();
    const painted = new Promise<number>((paint, fail) => {
      stop = onSnapshot(
        query(
          collection(db, collections.posts),
          where('hidden', '==', false),
          orderBy('createdAt', 'desc'),
          limit(feedPageSize),
        ),
        { includeMetadataChanges: true },
        (snapshot) => {
          // As the web feed: an empty answer from the empty cache is "not loaded yet".
          if (snapshot.empty && snapshot.metadata.fromCache) return;
          paint(performance.now() - started);
        },
        fail,
      );
    });
    const firstPaintMs = await beforeDeadline(painted, deadlineMs, `feed visit ${name}`);
    const stay = Math.min(stayMs, deadlineMs - performance.now());
    if (stay > 0) await new Promise((leave) => setTimeout(leave, stay));
    return firstPaintMs;
  } finally {
    stop?.();
    await deleteApp(app);
  }
}
