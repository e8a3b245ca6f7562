import { describe, expect, it } from 'vitest';
import {
  applyLivePage,
  applyOlderPage,
  emptyFeedWindow,
  mostLikedFirst,
  oldestCursor,
  resolveEntry,
  type FeedEntry,
  type FeedWindow,
} from './feed-window.ts';

interface Item {
  likes: number;
}
type Entry = FeedEntry<Item, string>;
type Window = FeedWindow<Item, string>;

const top = mostLikedFirst<Item>((item) => item.likes);

/** Post `name` made at minute `minute` with `likes` likes. */
const post = (name: string, likes: number, minute = 0): Entry => ({
  id: name,
  createdAtMs: minute * 60_000,
  item: { likes },
  cursor: `cursor ${name}@${likes}`,
});
const ids = (window: Window) => window.entries.map((entry) => entry.id);
const likes = (window: Window) => window.entries.map((entry) => entry.item.likes);
const start = (live: Entry[], pageSize = 3) =>
  applyLivePage(emptyFeedWindow<Item, string>(), live, pageSize, top);

/** Live page a(9) b(7) c(5); older pages d(4) e(3) f(2), and g(1) h(0) unread. */
function twoPages(): Window {
  const window = start([post('a', 9), post('b', 7), post('c', 5)]);
  return applyOlderPage(window, [post('d', 4), post('e', 3), post('f', 2)], 3, top);
}

describe('Top feed window', () => {
  it('orders by likes, then newest, then id descending, as the Top query does', () => {
    const window = start([post('x', 2, 1), post('y', 2, 5), post('z', 7, 0), post('w', 2, 5)], 5);
    expect(ids(window)).toEqual(['z', 'y', 'w', 'x']);
  });

  it('moves a post rising from an older page into the live page without showing it twice', () => {
    let window = twoPages();
    // e gains 5 likes: the live page becomes a(9) e(8) b(7); c is pushed out below it.
    window = applyLivePage(window, [post('a', 9), post('e', 8), post('b', 7)], 3, top);
    expect(ids(window)).toEqual(['a', 'e', 'b', 'c', 'd', 'f']);
    expect(new Set(ids(window)).size).toBe(window.entries.length);
    expect(window.unresolved.size).toBe(0);
  });

  it('keeps a post that lost likes and left the live page until it is re-read, then places it: no gap', () => {
    let window = twoPages();
    // b drops to 3 likes; the page refills with d(4). The snapshot cannot say where b went.
    window = applyLivePage(window, [post('a', 9), post('c', 5), post('d', 4)], 3, top);
    expect([...window.unresolved]).toEqual(['b']);
    expect(ids(window)).toContain('b');

    window = resolveEntry(window, 'b', post('b', 3), top);
    // b(3) and e(3) were made at the same minute: the id breaks the tie, descending.
    expect(ids(window)).toEqual(['a', 'c', 'd', 'e', 'b', 'f']);
    expect(likes(window)).toEqual([9, 5, 4, 3, 3, 2]);
    expect(window.unresolved.size).toBe(0);
  });

  it('drops a post that fell past every post loaded; the next older page brings it once', () => {
    let window = twoPages();
    // b drops to no likes: below f(2), in pages not read yet.
    window = applyLivePage(window, [post('a', 9), post('c', 5), post('d', 4)], 3, top);
    window = resolveEntry(window, 'b', post('b', 0, 1), top);
    expect(ids(window)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect(oldestCursor(window)).toBe('cursor f@2');

    window = applyOlderPage(window, [post('g', 1), post('b', 0, 1), post('h', 0)], 3, top);
    expect(ids(window)).toEqual(['a', 'c', 'd', 'e', 'f', 'g', 'b', 'h']);
  });

  it('places a fallen post at the end when every page is loaded already', () => {
    let window = start([post('a', 9), post('b', 7), post('c', 5)]);
    window = applyOlderPage(window, [post('d', 4)], 3, top);
    expect(window.hasMore).toBe(false);
    window = applyLivePage(window, [post('a', 9), post('c', 5), post('d', 4)], 3, top);
    window = resolveEntry(window, 'b', post('b', 0), top);
    expect(ids(window)).toEqual(['a', 'c', 'd', 'b']);
  });

  it('drops a post that left the live page because it is gone (hidden or deleted)', () => {
    let window = twoPages();
    window = applyLivePage(window, [post('a', 9), post('c', 5), post('d', 4)], 3, top);
    window = resolveEntry(window, 'b', null, top);
    expect(ids(window)).toEqual(['a', 'c', 'd', 'e', 'f']);
  });

  it('ignores a late re-read once the post is back in the live page', () => {
    let window = twoPages();
    window = applyLivePage(window, [post('a', 9), post('c', 5), post('d', 4)], 3, top);
    window = applyLivePage(window, [post('a', 9), post('b', 6), post('c', 5)], 3, top);
    expect(window.unresolved.size).toBe(0);
    window = resolveEntry(window, 'b', post('b', 3), top);
    expect(ids(window)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(likes(window)).toEqual([9, 6, 5, 4, 3, 2]);
  });

  it('drops a post that leaves a live page that is not full: nothing else matches', () => {
    let window = start([post('a', 9), post('b', 7)]);
    window = applyLivePage(window, [post('a', 9)], 3, top);
    expect(ids(window)).toEqual(['a']);
    expect(window.unresolved.size).toBe(0);
  });

  it('keeps a post pushed out below the page by one that gained likes, without a re-read', () => {
    let window = start([post('a', 9), post('b', 7), post('c', 5)]);
    window = applyOlderPage(window, [post('d', 4)], 3, top);
    window = applyLivePage(window, [post('d', 10), post('a', 9), post('b', 7)], 3, top);
    expect(ids(window)).toEqual(['d', 'a', 'b', 'c']);
    expect(window.unresolved.size).toBe(0);
  });
});
