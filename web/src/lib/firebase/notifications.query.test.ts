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
import { NOTIFICATION_PAGE_SIZE, notificationListQuery, unreadItemsQuery } from './notifications.ts';

// A real Firestore instance: building queries needs no connection, and
// `queryEqual` compares them the way the SDK does.
const app = initializeApp({ projectId: 'demo-notifications', apiKey: 'demo' }, 'notifications-test');
const db = getFirestore(app);
afterAll(() => deleteApp(app));

const items = collection(db, 'notifications/uid_ada/items');

describe('unreadItemsQuery', () => {
  it('counts the owner’s items newer than the marker, one past the badge limit', () => {
    const marker = Timestamp.fromMillis(1_700_000_000_000);
    const expected = query(items, where('updatedAt', '>', marker), orderBy('updatedAt', 'desc'), limit(100));
    expect(queryEqual(unreadItemsQuery(db, 'uid_ada', marker), expected)).toBe(true);
  });

  it('counts every item when nothing was ever read', () => {
    const expected = query(items, orderBy('updatedAt', 'desc'), limit(100));
    expect(queryEqual(unreadItemsQuery(db, 'uid_ada', null), expected)).toBe(true);
  });
});

describe('notificationListQuery', () => {
  it('lists the owner’s newest items, a page at a time', () => {
    const expected = query(items, orderBy('updatedAt', 'desc'), limit(NOTIFICATION_PAGE_SIZE));
    expect(queryEqual(notificationListQuery(db, 'uid_ada'), expected)).toBe(true);
    expect(queryEqual(notificationListQuery(db, 'uid_ada', 40), expected)).toBe(false);
    expect(queryEqual(notificationListQuery(db, 'uid_grace'), expected)).toBe(false);
  });
});
