import type { Firestore as AdminFirestore } from 'firebase-admin/firestore';
import { deleteApp, initializeApp } from 'firebase/app';
import { connectFirestoreEmulator, doc, getFirestore, onSnapshot } from 'firebase/firestore';
import { paths } from '@phoenix/core';
import { setLikeFor } from '../functions/src/likes/set-like.ts';
import { benchPost } from './social-posts.ts';
import { measure, summarize, type Summary } from './stats.ts';

/** P4a sizes. */
export interface LikesBenchOptions {
  adminDb: AdminFirestore;
  projectId: string;
  firestorePort: number;
  /** Independent web-SDK clients, each listening to the post. Default 50. */
  listeners?: number;
  /** Distinct users liking the post at once. Default 200. */
  likers?: number;
  /** Writes timed for the floor. Default 30. */
  floorWrites?: number;
  /** How long to wait for every listener to see the final count, in ms. Default 20 000. */
  settleTimeoutMs?: number;
}

export interface BenchPart {
  rows: (Summary & { note: string })[];
  lines: string[];
}

const media = {
  imageUrl: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  thumbUrl: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  width: 1024,
  height: 1024,
};

/**
 * P4a: likes under listeners. `listeners` web-SDK clients (each its own app,
 * so its own connection and cache, as separate browsers would be) listen to
 * one post while `likers` users like it at once through the setLike handler.
 * An Admin SDK listener records each likeCount value's commit time (the
 * document's updateTime, stamped by the emulator on this machine's clock);
 * each web listener records when it first sees each value.
 */
export async function benchLikesUnderListeners(options: LikesBenchOptions): Promise<BenchPart> {
  const { adminDb, projectId, firestorePort } = options;
  const listeners = options.listeners ?? 50;
  const likers = options.likers ?? 200;
  const postPath = paths.post('bench-social-likes');
  const floorPath = paths.post('bench-social-floor');
  await adminDb.doc(postPath).set(benchPost('bench-author', 0, media));
  await adminDb.doc(floorPath).set(benchPost('bench-author', 1, media));

  const apps = Array.from({ length: listeners }, (_, index) =>
    initializeApp({ projectId, apiKey: 'demo-api-key' }, `bench-listener-${index}`),
  );
  const unsubscribes: (() => void)[] = [];
  try {
    const dbs = apps.map((app) => {
      const db = getFirestore(app);
      // Signed out, as a visitor reading the feed: the rules show visible posts to everyone.
      connectFirestoreEmulator(db, '127.0.0.1', firestorePort);
      return db;
    });

    // Floor: one Admin write until one attached web listener sees it, on a post like the measured one.
    let waiting: { value: number; resolve: () => void } | undefined;
    const floorAttached = new Promise<void>((resolve, reject) => {
      unsubscribes.push(
        onSnapshot(
          doc(dbs[0]!, floorPath),
          (snapshot) => {
            resolve();
            if (waiting && snapshot.get('likeCount') === waiting.value) waiting.resolve();
          },
          reject,
        ),
      );
    });
    await floorAttached;
    // Values from 10 up, so no run writes the seeded 0 (an unchanged value raises no snapshot).
    const floor = await measure(
      'floor: admin write → web listener',
      options.floorWrites ?? 30,
      async (index) => {
        const seen = new Promise<void>((resolve) => (waiting = { value: index + 10, resolve }));
        await adminDb.doc(floorPath).update({ likeCount: index + 10 });
        await seen;
      },
    );

    // Commit time of each likeCount value, from the document's updateTime.
    const commits = new Map<number, number>();
    const adminAttached = new Promise<void>((resolve, reject) => {
      unsubscribes.push(
        adminDb.doc(postPath).onSnapshot((snapshot) => {
          const value = snapshot.get('likeCount') as number;
          if (!commits.has(value) && snapshot.updateTime) commits.set(value, snapshot.updateTime.toMillis());
          resolve();
        }, reject),
      );
    });
    const watchers = dbs.map((db) => {
      const seen = new Map<number, number>();
      let reachedFinal: () => void = () => {};
      const final = new Promise<void>((resolve) => (reachedFinal = resolve));
      const attached = new Promise<void>((resolve, reject) => {
        unsubscribes.push(
          onSnapshot(
            doc(db, postPath),
            (snapshot) => {
              const value = snapshot.get('likeCount') as number;
              if (!seen.has(value)) seen.set(value, Date.now());
              if (value === likers) reachedFinal();
              resolve();
            },
            reject,
          ),
        );
      });
      return { seen, final, attached };
    });
    await Promise.all([adminAttached, ...watchers.map((watcher) => watcher.attached)]);

    const uids = Array.from({ length: likers }, (_, index) => `bench-liker-${index}`);
    const started = Date.now();
    const callMs: number[] = [];
    const answers = await Promise.allSettled(
      uids.map(async (uid) => {
        await setLikeFor(adminDb, uid, { postId: 'bench-social-likes', liked: true });
        callMs.push(Date.now() - started);
      }),
    );
    const callsDone = Date.now();
    const failed = answers.filter((answer) => answer.status === 'rejected');
    const settleTimeoutMs = options.settleTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      Promise.all(watchers.map((watcher) => watcher.final)).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), settleTimeoutMs))),
    ]);
    clearTimeout(timer);

    const initial = 0;
    const delays: number[] = [];
    let unmatched = 0;
    for (const { seen } of watchers) {
      for (const [value, seenAt] of seen) {
        if (value === initial) continue;
        const committed = commits.get(value);
        if (committed === undefined) unmatched++;
        else delays.push(seenAt - committed);
      }
    }
    const finalSeenAt = watchers.flatMap(({ seen }) => seen.get(likers) ?? []);
    const toFinal = finalSeenAt.map((seenAt) => seenAt - callsDone);
    const rollups = [...commits.keys()].filter((value) => value !== initial);
    const likeCount = (await adminDb.doc(postPath).get()).get('likeCount') as number;
    const likeDocs = (await adminDb.collection(`${postPath}/likes`).count().get()).data().count;
    const exact = failed.length === 0 && likeCount === likers && likeDocs === likers;

    const listenerP50 = summarize('', delays).p50;
    return {
      rows: [
        { ...floor, note: 'one Admin update until one attached web-SDK listener sees it' },
        {
          ...summarize('P4a rollup commit → listener sees it', delays),
          note: `${listeners} listeners × each likeCount value (commit = the post's updateTime)`,
        },
        {
          ...summarize(`P4a ${likers} calls returned → listener sees ${likers}`, toFinal),
          note: `one per listener that saw ${likers} (${toFinal.length} of ${listeners}); < 0: before the last call returned`,
        },
        {
          ...summarize(
            `P4a burst start → listener sees ${likers}`,
            finalSeenAt.map((seenAt) => seenAt - started),
          ),
          note: 'the same figures, from the moment the calls were made',
        },
        {
          ...summarize('P4a one setLike call under the burst', callMs),
          note: 'handler: post and profile reads, like batch, rollup claim (its winner waits for the slot)',
        },
      ],
      lines: [
        `${likers} setLike calls at once returned in ${callsDone - started} ms; failed: ${failed.length}` +
          (failed.length > 0 ? ` (first: ${String((failed[0] as PromiseRejectedResult).reason)})` : ''),
        `rollup writes of likeCount seen by the Admin listener: ${rollups.length} ` +
          `(values ${rollups.sort((a, b) => a - b).join(', ')})`,
        `every listener saw ${likers}: ${settled ? 'yes' : `no, after ${settleTimeoutMs / 1000} s`}` +
          (unmatched > 0 ? `; ${unmatched} values seen that the Admin listener never saw` : ''),
        `final count exact: ${exact ? 'yes' : 'no'} (likeCount ${likeCount}, like docs ${likeDocs})`,
        `P4a listener p50 / floor p50: ${(listenerP50 / floor.p50).toFixed(1)}×`,
        'note: setLike runs as its handler (setLikeFor) with 200 uids, as the integration test does; ' +
          '200 sign-ups and callable calls would measure the Auth and Functions emulators ' +
          '(a worker per concurrent call), not the likes.',
        'note: the floor is timed from before the write call; the P4a latency from the commit time, ' +
          'so the floor also holds one write round trip.',
      ],
    };
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
    await Promise.allSettled(apps.map((app) => deleteApp(app)));
  }
}
