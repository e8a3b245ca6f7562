import { paths } from '@phoenix/core';
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  Timestamp,
  collection,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  setDoc,
  updateDoc,
  where,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { jobDoc, postDoc, profileDoc, rulesTestEnvironment } from './support/rules-environment.ts';
import { uniquePrefix } from './support/stack.ts';

// Who may get, list, create, update and delete each document is the table in
// firestore.rules.matrix.test.ts. This file holds what a table cell cannot show: which query
// shapes the rules can prove, single fields and ids, documents no rule names under readable
// ones, claims other than admin: true, and the server's own reads.
describe('firestore.rules', () => {
  let env: RulesTestEnvironment;
  const alice = uniquePrefix('alice');
  const bob = uniquePrefix('bob');
  const alicesJob = uniquePrefix('job');
  const liked = uniquePrefix('post');
  const createdAt = Timestamp.now();

  const as = (uid: string | null) =>
    uid ? env.authenticatedContext(uid).firestore() : env.unauthenticatedContext().firestore();

  beforeAll(async () => {
    env = await rulesTestEnvironment();
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, paths.job(alicesJob)), jobDoc(alice));
      await setDoc(doc(db, paths.profile(alice)), profileDoc(alice));
      await setDoc(doc(db, paths.post(liked)), { ...postDoc(alice, false), likeCount: 1 });
      await setDoc(doc(db, paths.like(liked, bob)), { uid: bob, postId: liked, createdAt });
      await setDoc(doc(db, paths.post(liked), 'likeShards', '3'), { count: 1 });
      await setDoc(doc(db, paths.profile(alice), 'likeShards', '3'), { count: 1 });
      await setDoc(doc(db, paths.post(liked), 'likeRollups', '1'), { expireAt: createdAt });
    });
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  describe('query shapes', () => {
    it('lets anyone, signed out too, page the Top feed and a profile’s public posts', async () => {
      const posts = collection(as(bob), 'posts');
      await assertSucceeds(
        getDocs(query(posts, where('hidden', '==', false), orderBy('likeCount', 'desc'), limit(24))),
      );
      const publicOfAlice = [where('ownerUid', '==', alice), where('hidden', '==', false)] as const;
      await assertSucceeds(getDocs(query(collection(as(null), 'posts'), ...publicOfAlice)));
    });

    it('lets the owner list all their posts, hidden ones included, and refuses that query to others', async () => {
      await assertSucceeds(getDocs(query(collection(as(alice), 'posts'), where('ownerUid', '==', alice))));
      await assertFails(getDocs(query(collection(as(bob), 'posts'), where('ownerUid', '==', alice))));
    });

    it('refuses a feed query that could include a hidden post', async () => {
      await assertFails(getDocs(query(collection(as(null), 'posts'), orderBy('createdAt', 'desc'))));
    });

    it('refuses a job list that does not filter on the reader’s own uid', async () => {
      await assertSucceeds(getDocs(query(collection(as(alice), 'jobs'), where('uid', '==', alice))));
      await assertFails(
        getDocs(query(collection(as(alice), 'jobs'), orderBy('createdAt', 'desc'), limit(20))),
      );
    });

    it('lets the owner count the notifications newer than their read marker', async () => {
      const items = collection(as(alice), paths.notifications(alice));
      await assertSucceeds(getDocs(query(items, where('updatedAt', '>', createdAt))));
    });
  });

  describe('single fields and ids', () => {
    it('refuses the profile’s owner their own counts', async () => {
      await assertFails(
        updateDoc(doc(as(alice), paths.profile(alice)), { counts: { posts: 0, likesReceived: 1000 } }),
      );
    });

    it('refuses a post’s owner a report of their own post, under their own id', async () => {
      await assertFails(setDoc(doc(as(alice), paths.report(liked, alice)), { reason: 'spam' }));
    });

    it('lets anyone check that a name nobody holds is free', async () => {
      await assertSucceeds(getDoc(doc(as(bob), paths.username(uniquePrefix('free').replace('-', '_')))));
    });
  });

  describe('like counters', () => {
    it('keeps the shards and rollup markers under readable posts and profiles from every client', async () => {
      await assertFails(getDocs(collection(as(alice), paths.likeShards(paths.post(liked)))));
      await assertFails(getDoc(doc(as(null), paths.post(liked), 'likeShards', '3')));
      await assertFails(getDoc(doc(as(alice), paths.profile(alice), 'likeShards', '3')));
      await assertFails(getDoc(doc(as(alice), paths.likeRollup(paths.post(liked), 1))));
      await assertFails(setDoc(doc(as(bob), paths.post(liked), 'likeShards', '3'), { count: 1000 }));
    });
  });

  describe('claims', () => {
    it('refuses admin data to a claim other than admin: true', async () => {
      const almost = env.authenticatedContext(uniquePrefix('eve'), { admin: 'true' }).firestore();
      await assertFails(getDoc(doc(almost, paths.limits())));
    });
  });

  describe('the server', () => {
    it('still reads what it wrote, with the rules bypassed', async () => {
      await env.withSecurityRulesDisabled(async (context) => {
        await assertSucceeds(getDoc(doc(context.firestore(), paths.job(alicesJob))));
      });
    });
  });
});
