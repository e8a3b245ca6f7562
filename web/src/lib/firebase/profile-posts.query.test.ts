import { deleteApp, initializeApp } from 'firebase/app';
import { collection, getFirestore, limit, orderBy, query, queryEqual, where } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILE_PAGE_SIZE, profilePostsQuery } from './profile-posts.ts';

// A real Firestore instance: building queries needs no connection.
const app = initializeApp({ projectId: 'demo-profile-posts', apiKey: 'demo' }, 'profile-posts-test');
const db = getFirestore(app);
afterAll(() => deleteApp(app));

describe('profilePostsQuery', () => {
  it('asks a visitor’s page for public posts only, which the rules require', () => {
    const expected = query(
      collection(db, 'posts'),
      where('ownerUid', '==', 'uid_ada'),
      where('hidden', '==', false),
      orderBy('createdAt', 'desc'),
      limit(PROFILE_PAGE_SIZE),
    );
    expect(queryEqual(profilePostsQuery(db, 'uid_ada', false), expected)).toBe(true);
  });

  it('lets the owner see their hidden posts too', () => {
    const expected = query(
      collection(db, 'posts'),
      where('ownerUid', '==', 'uid_ada'),
      orderBy('createdAt', 'desc'),
      limit(PROFILE_PAGE_SIZE),
    );
    expect(queryEqual(profilePostsQuery(db, 'uid_ada', true), expected)).toBe(true);
    expect(queryEqual(profilePostsQuery(db, 'uid_grace', true), expected)).toBe(false);
    expect(queryEqual(profilePostsQuery(db, 'uid_ada', true, 6), expected)).toBe(false);
  });
});
