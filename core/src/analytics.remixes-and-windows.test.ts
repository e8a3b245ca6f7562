import { describe, expect, it } from 'vitest';
import { analyticsPaths, analyticsWindows, topRemixed } from './analytics.ts';

const remixOf = (postId: string) => ({ remixOf: { postId } });
const original = { remixOf: null };

describe('the most remixed posts', () => {
  it('counts remixes per source, most first, ties by post id, ignoring originals', () => {
    // c is met first, so only the tie-break puts b ahead of it.
    const posts = [remixOf('c'), original, remixOf('a'), remixOf('b'), remixOf('b'), remixOf('c'), original];
    expect(topRemixed(posts)).toEqual([
      { postId: 'b', remixes: 2 },
      { postId: 'c', remixes: 2 },
      { postId: 'a', remixes: 1 },
    ]);
  });

  it('keeps only the first `limit` sources, or all of them with Infinity', () => {
    const posts = ['x', 'y', 'y', 'z', 'z', 'z'].map(remixOf);
    expect(topRemixed(posts, 2)).toEqual([
      { postId: 'z', remixes: 3 },
      { postId: 'y', remixes: 2 },
    ]);
    expect(topRemixed(posts, Infinity)).toHaveLength(3);
    expect(() => topRemixed(posts, -2)).toThrow(RangeError);
  });

  it('lists nobody when nothing was remixed', () => {
    expect(topRemixed([original, original])).toEqual([]);
  });
});

describe('the analytics windows', () => {
  it('runs today from UTC midnight and the week over the last 7 days, both up to now', () => {
    const now = Date.UTC(2026, 10, 18, 14, 30, 5, 250);
    expect(analyticsWindows(now)).toEqual({
      today: { fromMs: Date.UTC(2026, 10, 18), toMs: now },
      week: { fromMs: Date.UTC(2026, 10, 11, 14, 30, 5, 250), toMs: now },
    });
  });

  it('starts today at now itself exactly at midnight', () => {
    const midnight = Date.UTC(2026, 0, 1);
    expect(analyticsWindows(midnight).today).toEqual({ fromMs: midnight, toMs: midnight });
  });

  it('keeps its documents under analytics/', () => {
    expect(Object.values(analyticsPaths)).toEqual([
      'analytics/promptTermsToday',
      'analytics/promptTermsWeek',
      'analytics/topRemixed',
    ]);
  });
});
