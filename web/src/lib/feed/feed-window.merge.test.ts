import { describe, expect, it } from 'vitest';
import {
  applyLivePage,
  applyOlderPage,
  emptyFeedWindow,
  oldestCursor,
  type FeedEntry,
  type FeedWindow,
} from './feed-window.ts';

type Entry = FeedEntry<string, string>;

/** Post `n` was created at minute `n`: a higher number is newer. */
const post = (n: number, item = `post ${n}`): Entry => ({
  id: `p${String(n).padStart(3, '0')}`,
  createdAtMs: n * 60_000,
  item,
  cursor: `cursor ${n}`,
});
const newestFirst = (...ns: number[]) => ns.sort((a, b) => b - a).map((n) => post(n));
const ids = (window: FeedWindow<string, string>) => window.entries.map((entry) => entry.id);

describe('feed window', () => {
  it('shows the first live page newest first and knows more may exist when it is full', () => {
    const window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(5, 4, 3), 3);
    expect(ids(window)).toEqual(['p005', 'p004', 'p003']);
    expect(window.hasMore).toBe(true);
    expect(oldestCursor(window)).toBe('cursor 3');
  });

  it('knows the feed ends when the first page is not full', () => {
    expect(applyLivePage(emptyFeedWindow<string, string>(), newestFirst(2, 1), 3).hasMore).toBe(false);
    expect(applyLivePage(emptyFeedWindow<string, string>(), [], 3).hasMore).toBe(false);
  });

  it('keeps a post pushed out of the full live page by a new one: no gap before the older pages', () => {
    let window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(5, 4, 3), 3);
    window = applyOlderPage(window, newestFirst(2, 1), 3);
    window = applyLivePage(window, newestFirst(6, 5, 4), 3);
    expect(ids(window)).toEqual(['p006', 'p005', 'p004', 'p003', 'p002', 'p001']);
  });

  it('drops a post that really left the live page', () => {
    let window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(5, 4, 3), 3);
    // p004 deleted: the page refills from below with p002.
    window = applyLivePage(window, newestFirst(5, 3, 2), 3);
    expect(ids(window)).toEqual(['p005', 'p003', 'p002']);
  });

  it('drops a post deleted from a page that is not full', () => {
    let window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(2, 1), 3);
    window = applyLivePage(window, newestFirst(2), 3);
    expect(ids(window)).toEqual(['p002']);
  });

  it('updates a post in place when the live page changes it', () => {
    let window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(2, 1), 3);
    window = applyLivePage(window, [post(2, 'post 2, liked'), post(1)], 3);
    expect(window.entries.map((entry) => entry.item)).toEqual(['post 2, liked', 'post 1']);
  });

  it('appends older pages without duplicates and stops after a short page', () => {
    let window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(9, 8, 7), 3);
    window = applyOlderPage(window, newestFirst(7, 6, 5), 3);
    expect(ids(window)).toEqual(['p009', 'p008', 'p007', 'p006', 'p005']);
    expect(window.hasMore).toBe(true);
    window = applyOlderPage(window, newestFirst(4), 3);
    expect(window.hasMore).toBe(false);
    expect(oldestCursor(window)).toBe('cursor 4');
  });

  it('keeps the older-page state across later live snapshots', () => {
    let window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(9, 8, 7), 3);
    window = applyOlderPage(window, newestFirst(6), 3);
    window = applyLivePage(window, newestFirst(10, 9, 8), 3);
    expect(window.hasMore).toBe(false);
    expect(ids(window)).toEqual(['p010', 'p009', 'p008', 'p007', 'p006']);
  });

  it('orders posts created in the same millisecond by id, descending, as Firestore does', () => {
    const a = { ...post(1), id: 'a' };
    const b = { ...post(1), id: 'b' };
    expect(ids(applyLivePage(emptyFeedWindow<string, string>(), [a, b], 5))).toEqual(['b', 'a']);
  });

  it('lets the server’s full first page overrule a partial page answered from the cache', () => {
    let window = applyLivePage(emptyFeedWindow<string, string>(), newestFirst(5), 3);
    expect(window.hasMore).toBe(false);
    window = applyLivePage(window, newestFirst(7, 6, 5), 3);
    expect(window.hasMore).toBe(true);
  });
});
