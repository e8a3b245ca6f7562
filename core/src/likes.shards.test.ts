import { describe, expect, it } from 'vitest';
import {
  isLikeablePost,
  likeRollupMarginMs,
  likeRollupReadAtMs,
  likeRollupSlotAfter,
  likeShardCount,
  likeShardIndex,
  setLikeRequestSchema,
  shouldWriteRollup,
  sumLikeShards,
} from './likes.ts';

describe('likeShardIndex', () => {
  it('puts a like and its unlike on the same shard', () => {
    expect(likeShardIndex('uid-ada')).toBe(likeShardIndex('uid-ada'));
  });

  it('spreads 200 users over every shard, none taking more than a fifth of them', () => {
    const perShard = new Array<number>(likeShardCount).fill(0);
    for (let i = 0; i < 200; i += 1) {
      const shard = likeShardIndex(`user-${i}-x7Qk`);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(likeShardCount);
      perShard[shard] = (perShard[shard] ?? 0) + 1;
    }
    expect(perShard.every((count) => count > 0)).toBe(true);
    expect(Math.max(...perShard)).toBeLessThanOrEqual(40);
  });
});

describe('rollup slots', () => {
  it('gives a like the first slot starting after its commit, so that rollup reads after it', () => {
    expect(likeRollupSlotAfter(12_000)).toBe(13);
    expect(likeRollupSlotAfter(12_999)).toBe(13);
    expect(likeRollupReadAtMs(likeRollupSlotAfter(12_999))).toBe(13_000 + likeRollupMarginMs);
    expect(likeRollupReadAtMs(likeRollupSlotAfter(12_000))).toBeGreaterThan(12_000);
  });

  it('writes a rollup only over an older slot or none', () => {
    expect(shouldWriteRollup(undefined, 5)).toBe(true);
    expect(shouldWriteRollup(4, 5)).toBe(true);
    expect(shouldWriteRollup(5, 5)).toBe(false);
    expect(shouldWriteRollup(6, 5)).toBe(false);
  });

  it('sums the shards exactly, a shard without a count adding nothing', () => {
    expect(sumLikeShards([{ count: 3 }, { count: -1 }, {}, { count: 7 }])).toBe(9);
    expect(sumLikeShards([])).toBe(0);
  });
});

describe('setLike request', () => {
  it('takes a post id and the wanted state', () => {
    expect(setLikeRequestSchema.parse({ postId: 'job_1', liked: true })).toEqual({
      postId: 'job_1',
      liked: true,
    });
  });

  it('refuses a path or a reserved id in place of a post id, a missing state and extra fields', () => {
    expect(setLikeRequestSchema.safeParse({ postId: 'a/b', liked: true }).success).toBe(false);
    expect(setLikeRequestSchema.safeParse({ postId: '__proto__', liked: true }).success).toBe(false);
    expect(setLikeRequestSchema.safeParse({ postId: 'a' }).success).toBe(false);
    expect(setLikeRequestSchema.safeParse({ postId: 'a', liked: true, count: 2 }).success).toBe(false);
  });

  it('treats a missing or hidden post as not likeable', () => {
    expect(isLikeablePost(undefined)).toBe(false);
    expect(isLikeablePost({ hidden: true })).toBe(false);
    expect(isLikeablePost({ hidden: false })).toBe(true);
    expect(isLikeablePost({})).toBe(true);
  });
});
