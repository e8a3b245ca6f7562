import { deleteApp, initializeApp } from 'firebase/app';
import { collection, getFirestore, limit, orderBy, query, queryEqual, where } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { accountRef } from './account.ts';
import { RECENT_JOBS_LIMIT, recentJobsQuery } from './jobs.ts';
import { postRef } from './posts.ts';
import { DRAFTS_LIMIT, videoDraftsQuery } from './video-jobs.ts';

// A real Firestore instance: building queries and references needs no
// connection, and `queryEqual` compares them the way the SDK does.
const app = initializeApp({ projectId: 'demo-queries', apiKey: 'demo' }, 'queries-test');
const db = getFirestore(app);
afterAll(() => deleteApp(app));

describe('recentJobsQuery', () => {
  it('reads one user’s image jobs, newest first, 20 at most', () => {
    const expected = query(
      collection(db, 'jobs'),
      where('uid', '==', 'uid_ada'),
      where('kind', '==', 'image'),
      orderBy('createdAt', 'desc'),
      limit(20),
    );
    expect(RECENT_JOBS_LIMIT).toBe(20);
    expect(queryEqual(recentJobsQuery(db, 'uid_ada'), expected)).toBe(true);
  });

  it('is scoped to the given user and limit', () => {
    const ada = recentJobsQuery(db, 'uid_ada');
    expect(queryEqual(recentJobsQuery(db, 'uid_grace'), ada)).toBe(false);
    expect(queryEqual(recentJobsQuery(db, 'uid_ada', 5), ada)).toBe(false);
  });
});

describe('videoDraftsQuery', () => {
  it('reads one user’s video jobs, newest first, 50 at most', () => {
    const expected = query(
      collection(db, 'jobs'),
      where('uid', '==', 'uid_ada'),
      where('kind', '==', 'video'),
      orderBy('createdAt', 'desc'),
      limit(50),
    );
    expect(DRAFTS_LIMIT).toBe(50);
    expect(queryEqual(videoDraftsQuery(db, 'uid_ada'), expected)).toBe(true);
    expect(queryEqual(videoDraftsQuery(db, 'uid_ada'), recentJobsQuery(db, 'uid_ada', 50))).toBe(false);
  });
});

describe('document references', () => {
  it('point at core’s paths', () => {
    expect(postRef(db, 'job_1_0').path).toBe('posts/job_1_0');
    expect(accountRef(db, 'uid_ada').path).toBe('accounts/uid_ada');
  });
});
