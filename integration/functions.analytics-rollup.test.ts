import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { analyticsPaths, paths, type PostDoc, type RemixSource } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { rollUpAnalytics } from '../functions/src/analytics/rollup.ts';
import { freshProjects } from './support/fresh-project.ts';

// The analytics rollup's work, with real firebase-admin against the Firestore
// emulator. The analytics documents are global, so each test gets a project
// of its own. The schedule itself is Cloud Scheduler's; the emulator does not
// run it.
const freshProject = freshProjects('analytics');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 10, 18, 15, 0, 0);
const midnight = Date.UTC(2026, 10, 18);
const at = (ms: number) => Timestamp.fromMillis(ms);

interface SeedPost {
  id: string;
  prompt: string;
  createdAtMs: number;
  hidden?: boolean;
  remixOf?: string;
}

async function seedPosts(db: Firestore, posts: SeedPost[]): Promise<void> {
  const batch = db.batch();
  for (const post of posts) {
    const remixOf: RemixSource | null = post.remixOf ? { postId: post.remixOf, ownerUid: 'someone' } : null;
    const doc: Partial<PostDoc<Timestamp>> = {
      kind: 'image',
      ownerUid: `owner-of-${post.id}`,
      prompt: post.prompt,
      thumbUrl: `https://media.test/images/${post.id}_thumb.webp`,
      likeCount: 0,
      hidden: post.hidden ?? false,
      hiddenReason: post.hidden ? 'owner' : null,
      remixOf,
      createdAt: at(post.createdAtMs),
    };
    batch.set(db.doc(paths.post(post.id)), doc);
  }
  await batch.commit();
}

const read = async (db: Firestore, path: string) => (await db.doc(path).get()).data();

describe('rolling up the analytics', () => {
  it('counts the public posts of today and the week, and the week’s remixes of public sources', async () => {
    const db = freshProject();
    await seedPosts(db, [
      { id: 's1', prompt: 'A neon city at night', createdAtMs: now - 2 * DAY },
      // Exactly at the week's start, which is inclusive.
      { id: 's2', prompt: 'Foxes in a snowy forest', createdAtMs: now - 7 * DAY },
      { id: 'r1', prompt: 'neon city, rain', createdAtMs: midnight + 9 * HOUR, remixOf: 's1' },
      { id: 'r2', prompt: 'a fox in neon rain', createdAtMs: midnight + 10 * HOUR, remixOf: 's1' },
      // A millisecond before today: this week only.
      { id: 'r3', prompt: 'snowy forest cabin', createdAtMs: midnight - 1, remixOf: 's2' },
      // A hidden source, remixed twice in public, and a remix of a post that is gone.
      { id: 'h0', prompt: 'a secret garden', createdAtMs: now - 4 * DAY, hidden: true },
      { id: 'r4', prompt: 'garden maze', createdAtMs: midnight, remixOf: 'h0' },
      { id: 'r5', prompt: 'garden party', createdAtMs: now - 2 * DAY, remixOf: 'h0' },
      { id: 'r6', prompt: 'moon base', createdAtMs: now - DAY, remixOf: 'gone' },
      // None of these count: hidden, before the week, after now.
      { id: 'x1', prompt: 'neon neon dragon', createdAtMs: now - HOUR, hidden: true, remixOf: 's2' },
      { id: 'x2', prompt: 'ancient neon temple', createdAtMs: now - 7 * DAY - 1, remixOf: 's2' },
      { id: 'x3', prompt: 'future neon', createdAtMs: now + 1, remixOf: 's2' },
    ]);

    expect(await rollUpAnalytics(db, now)).toEqual({ postsScanned: 8 });

    expect(await read(db, analyticsPaths.promptTermsToday)).toEqual({
      window: 'today',
      from: at(midnight),
      to: at(now),
      terms: [
        { term: 'neon', count: 2 },
        { term: 'rain', count: 2 },
        { term: 'city', count: 1 },
        { term: 'fox', count: 1 },
        { term: 'garden', count: 1 },
        { term: 'maze', count: 1 },
      ],
      postsScanned: 3,
      computedAt: at(now),
    });
    expect(await read(db, analyticsPaths.promptTermsWeek)).toEqual({
      window: 'week',
      from: at(now - 7 * DAY),
      to: at(now),
      terms: [
        { term: 'neon', count: 3 },
        { term: 'city', count: 2 },
        { term: 'forest', count: 2 },
        { term: 'fox', count: 2 },
        { term: 'garden', count: 2 },
        { term: 'rain', count: 2 },
        { term: 'snowy', count: 2 },
        { term: 'base', count: 1 },
        { term: 'cabin', count: 1 },
        { term: 'maze', count: 1 },
        { term: 'moon', count: 1 },
        { term: 'night', count: 1 },
        { term: 'party', count: 1 },
      ],
      postsScanned: 8,
      computedAt: at(now),
    });
    expect(await read(db, analyticsPaths.topRemixed)).toEqual({
      posts: [
        {
          postId: 's1',
          remixes: 2,
          thumbUrl: 'https://media.test/images/s1_thumb.webp',
          prompt: 'A neon city at night',
          ownerUid: 'owner-of-s1',
        },
        {
          postId: 's2',
          remixes: 1,
          thumbUrl: 'https://media.test/images/s2_thumb.webp',
          prompt: 'Foxes in a snowy forest',
          ownerUid: 'owner-of-s2',
        },
      ],
      from: at(now - 7 * DAY),
      to: at(now),
      computedAt: at(now),
    });
  });

  it('pages through posts that share one createdAt without losing or repeating any', async () => {
    const db = freshProject();
    const words = ['amber', 'birch', 'cedar', 'dune', 'ember'];
    await seedPosts(
      db,
      words.map((word, index) => ({ id: `p${index}`, prompt: `${word} lantern`, createdAtMs: now - HOUR })),
    );

    expect(await rollUpAnalytics(db, now, { pageSize: 2 })).toEqual({ postsScanned: 5 });

    const week = await read(db, analyticsPaths.promptTermsWeek);
    expect(week?.terms).toEqual([
      { term: 'lantern', count: 5 },
      ...words.map((term) => ({ term, count: 1 })),
    ]);
    expect(week?.postsScanned).toBe(5);
  });

  it('fills the top ten past hidden sources with the next ones, and rewrites all three documents', async () => {
    const db = freshProject();
    // s00 and s01 are hidden with the most remixes; s02..s11 are public with fewer.
    const sources = Array.from({ length: 12 }, (_, index) => ({
      id: `s${String(index).padStart(2, '0')}`,
      prompt: `source ${index}`,
      createdAtMs: now - 3 * DAY,
      hidden: index < 2,
    }));
    const remixes = sources.flatMap((source, index) =>
      Array.from({ length: index < 2 ? 5 : index < 6 ? 3 : 2 }, (_, copy) => ({
        id: `${source.id}-remix${copy}`,
        prompt: 'remix',
        createdAtMs: now - DAY,
        remixOf: source.id,
      })),
    );
    await seedPosts(db, [...sources, ...remixes]);

    await rollUpAnalytics(db, now);
    const listed = ((await read(db, analyticsPaths.topRemixed))?.posts ?? []) as { postId: string }[];
    expect(listed.map((post) => post.postId)).toEqual(sources.slice(2).map((source) => source.id));

    // An hour later the week still holds them, but a rollup rewrites, never merges.
    await db.doc(paths.post('s02')).update({ hidden: true });
    await rollUpAnalytics(db, now + HOUR);
    const later = await read(db, analyticsPaths.topRemixed);
    expect(later?.posts).toHaveLength(9);
    expect(later?.computedAt).toEqual(at(now + HOUR));
    expect((await read(db, analyticsPaths.promptTermsToday))?.computedAt).toEqual(at(now + HOUR));
  });

  it('writes empty documents for a quiet week', async () => {
    const db = freshProject();
    await seedPosts(db, [{ id: 'old', prompt: 'forgotten', createdAtMs: now - 30 * DAY }]);

    expect(await rollUpAnalytics(db, now)).toEqual({ postsScanned: 0 });
    expect((await read(db, analyticsPaths.promptTermsWeek))?.terms).toEqual([]);
    expect((await read(db, analyticsPaths.promptTermsToday))?.postsScanned).toBe(0);
    expect((await read(db, analyticsPaths.topRemixed))?.posts).toEqual([]);
  });
});
