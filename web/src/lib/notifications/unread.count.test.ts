import { describe, expect, it } from 'vitest';
import {
  badgeText,
  bellLabel,
  hasUnread,
  markReadUpTo,
  unreadAnnouncement,
  unreadFromResult,
  unreadQueryLimit,
} from './unread.ts';

describe('unread count from the limited listener', () => {
  it('asks for one item past the badge limit, and caps when that one arrives', () => {
    expect(unreadQueryLimit(99)).toBe(100);
    expect(unreadFromResult(0, 99)).toEqual({ count: 0, capped: false });
    expect(unreadFromResult(7, 99)).toEqual({ count: 7, capped: false });
    expect(unreadFromResult(99, 99)).toEqual({ count: 99, capped: false });
    expect(unreadFromResult(100, 99)).toEqual({ count: 99, capped: true });
  });

  it('uses core’s limit by default', () => {
    expect(unreadQueryLimit()).toBe(100);
    expect(badgeText(unreadFromResult(100))).toBe('99+');
  });
});

describe('badge and label', () => {
  it('shows nothing at zero, the number below the limit, and 99+ past it', () => {
    expect(badgeText({ count: 0, capped: false })).toBe('');
    expect(badgeText({ count: 3, capped: false })).toBe('3');
    expect(badgeText({ count: 99, capped: false })).toBe('99');
    expect(badgeText({ count: 99, capped: true })).toBe('99+');
  });

  it('names the bell with its count, and without one while loading', () => {
    expect(bellLabel(null)).toBe('Notifications');
    expect(bellLabel({ count: 0, capped: false })).toBe('Notifications, 0 unread');
    expect(bellLabel({ count: 4, capped: false })).toBe('Notifications, 4 unread');
    expect(bellLabel({ count: 99, capped: true })).toBe('Notifications, 99+ unread');
  });
});

describe('unreadAnnouncement', () => {
  const n = (count: number, capped = false) => ({ count, capped });

  it('stays quiet on the first count and when nothing changed', () => {
    expect(unreadAnnouncement(null, n(3))).toBeNull();
    expect(unreadAnnouncement(n(3), n(3))).toBeNull();
    expect(unreadAnnouncement(n(99, true), n(99, true))).toBeNull();
  });

  it('says a new one arrived, with the count', () => {
    expect(unreadAnnouncement(n(0), n(1))).toBe('New notification. 1 unread notification.');
    expect(unreadAnnouncement(n(2), n(3))).toBe('New notification. 3 unread notifications.');
    expect(unreadAnnouncement(n(99), n(99, true))).toBe(
      'New notification. More than 99 unread notifications.',
    );
  });

  it('says when everything was read, and a lower count without calling it new', () => {
    expect(unreadAnnouncement(n(5), n(0))).toBe('All notifications read.');
    expect(unreadAnnouncement(n(5), n(2))).toBe('2 unread notifications.');
  });
});

describe('markReadUpTo', () => {
  it('is the newest item’s time, whatever the order', () => {
    expect(markReadUpTo([{ updatedAtMs: 1_000 }, { updatedAtMs: 3_000 }, { updatedAtMs: 2_000 }])).toBe(
      3_000,
    );
  });

  it('rounds a sub-millisecond time up, so that item is covered by the integer marker', () => {
    const newest = 1_700_000_000_123.456;
    const upTo = markReadUpTo([{ updatedAtMs: newest }]);
    expect(upTo).toBe(1_700_000_000_124);
    expect(Number.isInteger(upTo)).toBe(true);
    expect(newest > (upTo as number)).toBe(false);
  });

  it('is null with nothing shown', () => {
    expect(markReadUpTo([])).toBeNull();
  });
});

describe('hasUnread', () => {
  it('is true while any item is newer than the marker, or when nothing was ever read', () => {
    const items = [{ updatedAtMs: 10 }, { updatedAtMs: 20 }];
    expect(hasUnread(items, null)).toBe(true);
    expect(hasUnread(items, 15)).toBe(true);
    expect(hasUnread(items, 20)).toBe(false);
    expect(hasUnread([], null)).toBe(false);
  });
});
