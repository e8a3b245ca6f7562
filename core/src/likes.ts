import { z } from 'zod';
import { postIdField } from './post-visibility.ts';

/**
 * Likes that stay exact under load.
 *
 * Firestore sustains about one write per second on a document, so a like
 * never writes the post (or the author's profile) itself:
 *
 * 1. The like. One atomic batch creates `posts/{postId}/likes/{uid}` (create
 *    fails if it exists, which fails the whole batch) and increments one of
 *    `likeShardCount` shards under the post and under the author's profile.
 *    Unlike deletes the like with an exists precondition and decrements the
 *    same shards. So a like is counted exactly when its document exists, the
 *    same call twice changes nothing, and the sum of the shards is always
 *    the exact number of likes. The shard is a hash of the liker's uid, so an
 *    unlike always takes back from the shard its like added to. A batch with
 *    blind increments takes no read locks: 200 likes at once do not contend.
 *
 * 2. The rollup. A like that committed at time t belongs to the rollup slot
 *    `floor(t / 1 s) + 1`. The call then tries to create the slot's marker
 *    (`.../likeRollups/{slot}`); creating it is a claim that only one call per
 *    counter per slot wins. The winner waits for the slot to start (at most
 *    1 s), sums the shards in one consistent read and writes the sum into
 *    `likeCount` (or `counts.likesReceived`) together with the slot, in a
 *    transaction that skips the write if a later slot already wrote. The
 *    others return at once: the winner's read starts after their commit, so
 *    it counts their like too. Hence the counter is written at most once per
 *    second, and the last like of a burst is rolled up about a second after
 *    it, by the call that made it.
 */

/** Shards per counter: 200 concurrent likes put about 10 increments on each. */
export const likeShardCount = 20;

/** A counter's rollups are at least this far apart, in ms. */
export const likeRollupSlotMs = 1000;

/**
 * How long after its slot starts a rollup reads the shards, in ms: covers
 * clock skew between the instance that liked and the one that rolls up.
 */
export const likeRollupMarginMs = 50;

/** How long a rollup marker is kept before a TTL policy may delete it, in ms. */
export const likeRollupMarkerTtlMs = 24 * 60 * 60 * 1000;

export const setLikeRequestSchema = z
  .object({
    postId: postIdField,
    liked: z.boolean(),
  })
  .strict();

export type SetLikeRequest = z.infer<typeof setLikeRequestSchema>;

export interface SetLikeResponse {
  /** Whether the caller likes the post now. */
  liked: boolean;
}

/** `posts/{postId}/likes/{uid}`: one per user per post; it existing is the like. */
export interface LikeDoc<Time = unknown> {
  uid: string;
  postId: string;
  createdAt: Time;
}

/** A shard of a like counter: a slice of the exact total. */
export interface LikeShardDoc {
  count: number;
}

/**
 * The shard a user's likes count on, in `[0, shardCount)`: the same for a
 * like and its unlike, spread evenly over users (FNV-1a of the uid).
 */
export function likeShardIndex(uid: string, shardCount: number = likeShardCount): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < uid.length; i += 1) {
    hash ^= uid.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}

/**
 * The rollup slot that must count a like committed at `committedAtMs` (epoch
 * ms): the first slot starting strictly after it.
 */
export function likeRollupSlotAfter(committedAtMs: number, slotMs: number = likeRollupSlotMs): number {
  return Math.floor(committedAtMs / slotMs) + 1;
}

/** When the rollup of `slot` may read the shards, in epoch ms. */
export function likeRollupReadAtMs(slot: number, slotMs: number = likeRollupSlotMs): number {
  return slot * slotMs + likeRollupMarginMs;
}

/**
 * Whether a rollup of `slot` may write its sum: only if no rollup of the
 * same or a later slot has (that one read the shards later, so it is at
 * least as fresh). `writtenSlot` is the slot stored with the counter, if any.
 */
export function shouldWriteRollup(writtenSlot: unknown, slot: number): boolean {
  return typeof writtenSlot !== 'number' || writtenSlot < slot;
}

/** The exact total of a counter's shards; a shard without a number counts 0. */
export function sumLikeShards(shards: readonly Partial<LikeShardDoc>[]): number {
  return shards.reduce((total, shard) => total + (typeof shard.count === 'number' ? shard.count : 0), 0);
}

/** A post that is missing or hidden cannot be liked or unliked: it is not found. */
export function isLikeablePost(post: { hidden?: unknown } | undefined): boolean {
  return post !== undefined && post.hidden !== true;
}
