import { deleteApp, initializeApp } from 'firebase/app';
import {
  collection,
  getFirestore,
  limit,
  orderBy,
  query,
  queryEqual,
  Timestamp,
  where,
} from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { FEED_PAGE_SIZE, exploreQuery, exploreQuerySpec } from './posts.ts';

// A real Firestore instance: building queries needs no connection, and
// `queryEqual` compares them the way the SDK does.
const app = initializeApp({ projectId: 'demo-explore', apiKey: 'demo' }, 'explore-query-test');
const db = getFirestore(app);
afterAll(() => deleteApp(app));
const posts = collection(db, 'posts');

describe('exploreQuery', () => {
  it('New: visible posts, newest first, one page', () => {
    const expected = query(
      posts,
      where('hidden', '==', false),
      orderBy('createdAt', 'desc'),
      limit(FEED_PAGE_SIZE),
    );
    expect(queryEqual(exploreQuery(db, { tab: 'new' }), expected)).toBe(true);
    expect(queryEqual(exploreQuery(db, { tab: 'new' }, 6), expected)).toBe(false);
  });

  it('Top in a window: visible posts made since its start, most liked first, then newest', () => {
    const since = Date.UTC(2026, 10, 23, 14);
    const expected = query(
      posts,
      where('hidden', '==', false),
      where('createdAt', '>=', Timestamp.fromMillis(since)),
      orderBy('likeCount', 'desc'),
      orderBy('createdAt', 'desc'),
      limit(FEED_PAGE_SIZE),
    );
    expect(queryEqual(exploreQuery(db, { tab: 'top', sinceMs: since }), expected)).toBe(true);
  });

  it('Top for all time has no time filter', () => {
    const expected = query(
      posts,
      where('hidden', '==', false),
      orderBy('likeCount', 'desc'),
      orderBy('createdAt', 'desc'),
      limit(FEED_PAGE_SIZE),
    );
    expect(queryEqual(exploreQuery(db, { tab: 'top', sinceMs: null }), expected)).toBe(true);
  });
});

describe('exploreQuerySpec', () => {
  it('takes Top’s window start from core’s rule at the given time', () => {
    const now = Date.UTC(2026, 10, 30, 14, 37);
    expect(exploreQuerySpec({ tab: 'new' }, now)).toEqual({ tab: 'new' });
    expect(exploreQuerySpec({ tab: 'top', window: 'today' }, now)).toEqual({
      tab: 'top',
      sinceMs: Date.UTC(2026, 10, 29, 14),
    });
    expect(exploreQuerySpec({ tab: 'top', window: 'all' }, now)).toEqual({ tab: 'top', sinceMs: null });
  });
});
