import { describe, expect, it } from 'vitest';
import { LikeTargets } from './like-targets.ts';
import { seededRandom } from './mix.ts';

describe('LikeTargets', () => {
  it('gives each post to one like at a time', () => {
    const targets = new LikeTargets(['a', 'b']);
    const random = seededRandom(3);
    const first = targets.claim(random);
    const second = targets.claim(random);
    expect(new Set([first, second])).toEqual(new Set(['a', 'b']));
    expect(targets.claim(random)).toBeUndefined();
    targets.settled('u1', first!, true);
    expect(targets.claim(random)).toBe(first);
  });

  it('alternates a user’s like and unlike on a post', () => {
    const targets = new LikeTargets(['a']);
    const random = seededRandom(1);
    expect(targets.nextLiked('u1', 'a')).toBe(true);
    targets.claim(random);
    targets.settled('u1', 'a', true);
    expect(targets.nextLiked('u1', 'a')).toBe(false);
    expect(targets.nextLiked('u2', 'a')).toBe(true);
    targets.claim(random);
    targets.settled('u1', 'a', false);
    expect(targets.nextLiked('u1', 'a')).toBe(true);
  });

  it('takes a post whose like failed out of the pool for good', () => {
    const targets = new LikeTargets(['a', 'b']);
    const random = seededRandom(5);
    const failed = targets.claim(random)!;
    targets.retire(failed);
    const other = targets.claim(random);
    expect(other).not.toBe(failed);
    targets.settled('u1', other!, true);
    expect(
      Array.from({ length: 10 }, () => {
        const post = targets.claim(random);
        if (post) targets.settled('u1', post, true);
        return post;
      }),
    ).not.toContain(failed);
    expect(targets.retiredCount).toBe(1);
  });
});
