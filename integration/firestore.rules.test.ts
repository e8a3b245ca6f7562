import { defaultLimits } from '@phoenix/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  Timestamp,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  setDoc,
  setLogLevel,
  updateDoc,
  where,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { repoRoot } from '../dev/src/stack/launch.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

// The rules run against the real collection names, so each run uses fresh
// document ids and users instead of a collection prefix.
describe('firestore.rules', () => {
  let env: RulesTestEnvironment;
  const alice = uniquePrefix('alice');
  const bob = uniquePrefix('bob');
  const alicesJob = uniquePrefix('job');
  const post = uniquePrefix('post');
  const hiddenPost = uniquePrefix('hidden-post');
  const aliceName = uniquePrefix('alice').replace('-', '_');
  const createdAt = Timestamp.now();

  const as = (uid: string | null) =>
    uid ? env.authenticatedContext(uid).firestore() : env.unauthenticatedContext().firestore();
  const carol = uniquePrefix('carol-admin');
  const asAdmin = () => env.authenticatedContext(carol, { admin: true }).firestore();
  const period = '2031-01';

  beforeAll(async () => {
    // Denials are the expected outcome here; the SDK would log each as an error.
    setLogLevel('silent');
    const { projectId, firestore } = testStack();
    env = await initializeTestEnvironment({
      projectId,
      firestore: { ...firestore, rules: readFileSync(join(repoRoot, 'firestore.rules'), 'utf8') },
    });
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, 'posts', post), { ownerUid: alice, likeCount: 0, hidden: false, createdAt });
      await setDoc(doc(db, 'posts', hiddenPost), {
        ownerUid: alice,
        likeCount: 0,
        hidden: true,
        hiddenReason: 'owner',
        createdAt,
      });
      await setDoc(doc(db, 'jobs', alicesJob), { uid: alice, status: 'queued', createdAt });
      await setDoc(doc(db, 'accounts', alice), { balance: 50, createdAt, updatedAt: createdAt });
      await setDoc(doc(db, 'accounts', alice, 'ledger', 'grant_start'), {
        kind: 'grant',
        tokens: 50,
        createdAt,
      });
      await setDoc(doc(db, 'profiles', alice), {
        username: 'Alice',
        usernameLower: aliceName,
        bio: null,
        counts: { posts: 0, likesReceived: 0 },
      });
      await setDoc(doc(db, 'usernames', aliceName), { uid: alice });
      await setDoc(doc(db, 'posts', post, 'reports', bob), { reason: 'spam', text: null, createdAt });
      await setDoc(doc(db, 'notifications', alice), { readUpTo: createdAt });
      await setDoc(doc(db, 'notifications', alice, 'items', 'job_x'), {
        kind: 'job_refunded',
        data: { jobId: 'x', reason: { code: 'job_canceled' }, error: null, tokens: 2 },
        updatedAt: createdAt,
      });
      await setDoc(doc(db, uniquePrefix('anything'), 'seeded'), { by: 'server' });
      // The defaults: other test files' accepts read this document while this one runs.
      await setDoc(doc(db, 'config', 'limits'), defaultLimits);
      await setDoc(doc(db, 'config', 'public'), { rateLimitPerHour: 10, budget: { period, level: 'ok' } });
      await setDoc(doc(db, 'config', 'models'), { overrides: {}, defaultModelId: null });
      await setDoc(doc(db, 'spend', period), { level: 'ok', scaledDown: null });
      await setDoc(doc(db, 'spend', period, 'shards', '0'), {
        reservedMicroUsd: 1,
        settledMicroUsd: 2,
        days: {},
      });
      await setDoc(doc(db, 'spend', period, 'alerts', 't800'), { threshold: 0.8 });
      await setDoc(doc(db, 'scalingEvents', 'e1'), { service: 'image', to: 1 });
      await setDoc(doc(db, 'analytics', 'promptTermsToday'), { terms: [] });
      await setDoc(doc(db, 'grants', 'somehash'), { uid: alice });
    });
  });

  afterAll(async () => {
    await env.cleanup();
  });

  describe('posts', () => {
    it('lets anyone, signed out too, read a public post and page the feed of public posts', async () => {
      await assertSucceeds(getDoc(doc(as(null), 'posts', post)));
      await assertSucceeds(
        getDocs(
          query(
            collection(as(null), 'posts'),
            where('hidden', '==', false),
            orderBy('createdAt', 'desc'),
            limit(24),
          ),
        ),
      );
      await assertSucceeds(
        getDocs(
          query(
            collection(as(bob), 'posts'),
            where('hidden', '==', false),
            orderBy('likeCount', 'desc'),
            limit(24),
          ),
        ),
      );
    });

    it('shows a hidden post to its owner only, and refuses a feed query that could include one', async () => {
      await assertSucceeds(getDoc(doc(as(alice), 'posts', hiddenPost)));
      await assertSucceeds(getDocs(query(collection(as(alice), 'posts'), where('ownerUid', '==', alice))));
      await assertFails(getDoc(doc(as(bob), 'posts', hiddenPost)));
      await assertFails(getDoc(doc(as(null), 'posts', hiddenPost)));
      await assertFails(getDocs(query(collection(as(bob), 'posts'), where('ownerUid', '==', alice))));
      await assertFails(getDocs(query(collection(as(null), 'posts'), orderBy('createdAt', 'desc'))));
    });

    it('refuses client writes, even by the post’s owner', async () => {
      await assertFails(updateDoc(doc(as(alice), 'posts', post), { likeCount: 1000 }));
      await assertFails(
        setDoc(doc(as(alice), 'posts', uniquePrefix('post')), { ownerUid: alice, createdAt }),
      );
      await assertFails(deleteDoc(doc(as(alice), 'posts', post)));
    });
  });

  describe('jobs', () => {
    it('lets the owner read the job and list their own, newest first', async () => {
      await assertSucceeds(getDoc(doc(as(alice), 'jobs', alicesJob)));
      const mine = query(
        collection(as(alice), 'jobs'),
        where('uid', '==', alice),
        orderBy('createdAt', 'desc'),
        limit(20),
      );
      await assertSucceeds(getDocs(mine));
    });

    it('refuses anyone else, and signed-out readers', async () => {
      await assertFails(getDoc(doc(as(bob), 'jobs', alicesJob)));
      await assertFails(getDoc(doc(as(null), 'jobs', alicesJob)));
      await assertFails(getDocs(query(collection(as(bob), 'jobs'), where('uid', '==', alice))));
    });

    it('refuses a list that does not filter on the reader’s own uid', async () => {
      await assertFails(
        getDocs(query(collection(as(alice), 'jobs'), orderBy('createdAt', 'desc'), limit(20))),
      );
    });

    it('refuses client writes, even by the owner (no self-cancel, no status edits)', async () => {
      await assertFails(updateDoc(doc(as(alice), 'jobs', alicesJob), { status: 'canceled' }));
      await assertFails(
        setDoc(doc(as(alice), 'jobs', uniquePrefix('job')), { uid: alice, status: 'queued' }),
      );
    });
  });

  describe('accounts and their ledger', () => {
    it('lets the owner read their balance and ledger', async () => {
      await assertSucceeds(getDoc(doc(as(alice), 'accounts', alice)));
      await assertSucceeds(
        getDocs(query(collection(as(alice), 'accounts', alice, 'ledger'), orderBy('createdAt', 'desc'))),
      );
    });

    it('refuses anyone else, and signed-out readers', async () => {
      await assertFails(getDoc(doc(as(bob), 'accounts', alice)));
      await assertFails(getDoc(doc(as(null), 'accounts', alice)));
      await assertFails(getDocs(collection(as(bob), 'accounts', alice, 'ledger')));
    });

    it('refuses client writes, even by the owner', async () => {
      await assertFails(updateDoc(doc(as(alice), 'accounts', alice), { balance: 1_000_000 }));
      await assertFails(setDoc(doc(as(bob), 'accounts', bob), { balance: 1_000_000 }));
      await assertFails(
        setDoc(doc(as(alice), 'accounts', alice, 'ledger', 'grant_extra'), { kind: 'grant', tokens: 100 }),
      );
    });
  });

  describe('profiles', () => {
    it('lets anyone, signed out too, read a profile', async () => {
      await assertSucceeds(getDoc(doc(as(null), 'profiles', alice)));
      await assertSucceeds(getDoc(doc(as(bob), 'profiles', alice)));
    });

    it('refuses client writes, even by the profile’s owner (no self-made counts or names)', async () => {
      await assertFails(updateDoc(doc(as(alice), 'profiles', alice), { bio: 'edited directly' }));
      await assertFails(
        updateDoc(doc(as(alice), 'profiles', alice), { counts: { posts: 0, likesReceived: 1000 } }),
      );
      await assertFails(setDoc(doc(as(bob), 'profiles', bob), { username: 'bob', bio: null }));
      await assertFails(deleteDoc(doc(as(alice), 'profiles', alice)));
    });
  });

  describe('usernames', () => {
    it('lets anyone, signed out too, check whether a name is taken', async () => {
      await assertSucceeds(getDoc(doc(as(null), 'usernames', aliceName)));
      await assertSucceeds(getDoc(doc(as(bob), 'usernames', uniquePrefix('free'))));
    });

    it('refuses client writes: names are only claimed through the claim transaction', async () => {
      await assertFails(setDoc(doc(as(bob), 'usernames', uniquePrefix('grab')), { uid: bob }));
      await assertFails(updateDoc(doc(as(bob), 'usernames', aliceName), { uid: bob }));
      await assertFails(deleteDoc(doc(as(alice), 'usernames', aliceName)));
    });
  });

  describe('reports', () => {
    it('are readable by no user: not the reporter, not the post’s owner, not a list', async () => {
      await assertFails(getDoc(doc(as(bob), 'posts', post, 'reports', bob)));
      await assertFails(getDoc(doc(as(alice), 'posts', post, 'reports', bob)));
      await assertFails(getDocs(collection(as(alice), 'posts', post, 'reports')));
      await assertFails(getDoc(doc(as(null), 'posts', post, 'reports', bob)));
    });

    it('refuses client writes: a report goes through reportPost only', async () => {
      await assertFails(
        setDoc(doc(as(bob), 'posts', post, 'reports', uniquePrefix('r')), { reason: 'spam' }),
      );
      await assertFails(setDoc(doc(as(alice), 'posts', post, 'reports', alice), { reason: 'spam' }));
      await assertFails(deleteDoc(doc(as(bob), 'posts', post, 'reports', bob)));
    });
  });

  describe('notifications', () => {
    it('lets the owner read the marker and list their items newest first, and count the unread', async () => {
      await assertSucceeds(getDoc(doc(as(alice), 'notifications', alice)));
      const items = collection(as(alice), 'notifications', alice, 'items');
      await assertSucceeds(getDocs(query(items, orderBy('updatedAt', 'desc'), limit(20))));
      await assertSucceeds(getDocs(query(items, where('updatedAt', '>', createdAt))));
    });

    it('refuses anyone else, and signed-out readers', async () => {
      await assertFails(getDoc(doc(as(bob), 'notifications', alice)));
      await assertFails(getDoc(doc(as(bob), 'notifications', alice, 'items', 'job_x')));
      await assertFails(getDocs(collection(as(bob), 'notifications', alice, 'items')));
      await assertFails(getDoc(doc(as(null), 'notifications', alice, 'items', 'job_x')));
    });

    it('refuses client writes, even by the owner (no self-marking read, no fake items)', async () => {
      await assertFails(updateDoc(doc(as(alice), 'notifications', alice), { readUpTo: Timestamp.now() }));
      await assertFails(
        setDoc(doc(as(alice), 'notifications', alice, 'items', uniquePrefix('n')), { kind: 'low_credits' }),
      );
      await assertFails(deleteDoc(doc(as(alice), 'notifications', alice, 'items', 'job_x')));
      await assertFails(
        setDoc(doc(as(bob), 'notifications', alice, 'items', uniquePrefix('n')), { kind: 'low_credits' }),
      );
    });
  });

  describe('likes and their counter shards', () => {
    const liked = uniquePrefix('post');
    beforeAll(async () => {
      await env.withSecurityRulesDisabled(async (context) => {
        const db = context.firestore();
        await setDoc(doc(db, 'posts', liked), { ownerUid: alice, likeCount: 1, createdAt });
        await setDoc(doc(db, 'posts', liked, 'likes', bob), { uid: bob, postId: liked, createdAt });
        await setDoc(doc(db, 'posts', liked, 'likeShards', '3'), { count: 1 });
        await setDoc(doc(db, 'profiles', alice, 'likeShards', '3'), { count: 1 });
        await setDoc(doc(db, 'posts', liked, 'likeRollups', '1'), { expireAt: createdAt });
      });
    });

    it("lets anyone, signed out too, read a post's likes", async () => {
      await assertSucceeds(getDoc(doc(as(null), 'posts', liked, 'likes', bob)));
      await assertSucceeds(getDocs(collection(as(alice), 'posts', liked, 'likes')));
    });

    it('refuses client likes, unlikes and counts, even by the liker', async () => {
      await assertFails(setDoc(doc(as(alice), 'posts', liked, 'likes', alice), { uid: alice }));
      await assertFails(deleteDoc(doc(as(bob), 'posts', liked, 'likes', bob)));
      await assertFails(updateDoc(doc(as(bob), 'posts', liked), { likeCount: 1000 }));
      await assertFails(setDoc(doc(as(bob), 'posts', liked, 'likeShards', '3'), { count: 1000 }));
    });

    it('keeps the shards and rollup markers from every client', async () => {
      await assertFails(getDocs(collection(as(alice), 'posts', liked, 'likeShards')));
      await assertFails(getDoc(doc(as(null), 'posts', liked, 'likeShards', '3')));
      await assertFails(getDoc(doc(as(alice), 'profiles', alice, 'likeShards', '3')));
      await assertFails(getDoc(doc(as(alice), 'posts', liked, 'likeRollups', '1')));
    });
  });

  describe('admin data', () => {
    const adminOnly = [
      ['config', 'limits'],
      ['spend', period],
      ['spend', period, 'shards', '0'],
      ['spend', period, 'alerts', 't800'],
      ['scalingEvents', 'e1'],
      ['analytics', 'promptTermsToday'],
    ] as const;

    it('lets an admin read the limits, the spend, its alerts, the scaling history and the analytics', async () => {
      for (const path of adminOnly) await assertSucceeds(getDoc(doc(asAdmin(), path.join('/'))));
      await assertSucceeds(getDocs(collection(asAdmin(), 'spend', period, 'shards')));
      await assertSucceeds(getDocs(collection(asAdmin(), 'scalingEvents')));
    });

    it('refuses them to a user and to a signed-out reader', async () => {
      for (const path of adminOnly) {
        await assertFails(getDoc(doc(as(alice), path.join('/'))));
        await assertFails(getDoc(doc(as(null), path.join('/'))));
      }
    });

    it('lets an admin read any account, ledger, job, hidden post and report', async () => {
      await assertSucceeds(getDoc(doc(asAdmin(), 'accounts', alice)));
      await assertSucceeds(getDocs(collection(asAdmin(), 'accounts', alice, 'ledger')));
      await assertSucceeds(getDoc(doc(asAdmin(), 'jobs', alicesJob)));
      await assertSucceeds(getDoc(doc(asAdmin(), 'posts', hiddenPost)));
      await assertSucceeds(getDocs(collection(asAdmin(), 'posts', post, 'reports')));
    });

    it('refuses a claim other than admin: true', async () => {
      const almost = env.authenticatedContext(uniquePrefix('eve'), { admin: 'true' }).firestore();
      await assertFails(getDoc(doc(almost, 'config', 'limits')));
    });

    it('lets everyone read the public limits and the model catalogue, and nobody write them', async () => {
      for (const reader of [as(null), as(alice), asAdmin()]) {
        await assertSucceeds(getDoc(doc(reader, 'config', 'public')));
        await assertSucceeds(getDoc(doc(reader, 'config', 'models')));
      }
      for (const writer of [as(alice), asAdmin()]) {
        await assertFails(setDoc(doc(writer, 'config', 'public'), { rateLimitPerHour: 1000 }));
        await assertFails(setDoc(doc(writer, 'config', 'limits'), { monthlyUsdCap: 1e9 }));
        await assertFails(setDoc(doc(writer, 'spend', period, 'shards', '0'), { reservedMicroUsd: 0 }));
      }
    });

    it('keeps the grant markers from every client, admins included', async () => {
      await assertFails(getDoc(doc(asAdmin(), 'grants', 'somehash')));
      await assertFails(getDoc(doc(as(alice), 'grants', 'somehash')));
    });
  });

  describe('everything else', () => {
    it('is closed to clients both ways', async () => {
      const elsewhere = uniquePrefix('anything');
      await assertFails(getDocs(collection(as(alice), elsewhere)));
      await assertFails(setDoc(doc(as(alice), elsewhere, 'mine'), { by: 'alice' }));
      await assertFails(setDoc(doc(as(null), elsewhere, 'x'), { by: 'nobody' }));
    });

    it('still lets the server (rules bypassed) read what it wrote', async () => {
      await env.withSecurityRulesDisabled(async (context) => {
        await assertSucceeds(getDoc(doc(context.firestore(), 'jobs', alicesJob)));
      });
    });
  });
});
