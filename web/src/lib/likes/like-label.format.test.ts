import { describe, expect, it } from 'vitest';
import { formatLikeCount, likeButtonLabel } from './like-label.ts';

describe('formatLikeCount', () => {
  it('shows small counts exactly and large ones short, never rounding up', () => {
    expect([0, 7, 999].map(formatLikeCount)).toEqual(['0', '7', '999']);
    expect([1000, 1250, 1999, 9999].map(formatLikeCount)).toEqual(['1k', '1.2k', '1.9k', '9.9k']);
    expect([12_345, 999_999].map(formatLikeCount)).toEqual(['12k', '999k']);
    expect([1_000_000, 2_560_000].map(formatLikeCount)).toEqual(['1M', '2.5M']);
    expect(formatLikeCount(-4)).toBe('0');
  });
});

describe('likeButtonLabel', () => {
  it('names the action and the exact count', () => {
    expect(likeButtonLabel(false, 3)).toBe('Like, 3 likes');
    expect(likeButtonLabel(true, 1)).toBe('Unlike, 1 like');
    expect(likeButtonLabel(false, 0)).toBe('Like, 0 likes');
    expect(likeButtonLabel(true, 12_345)).toBe('Unlike, 12345 likes');
  });
});
