import { describe, expect, it } from 'vitest';
import { formatDate, formatElapsed, formatRelative } from './time.ts';

describe('formatElapsed', () => {
  it.each([
    [0, '0:00'],
    [7_400, '0:07'],
    [65_000, '1:05'],
    [12 * 60_000 + 30_000, '12:30'],
    [3_723_000, '1:02:03'],
    [-5_000, '0:00'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});

describe('formatRelative', () => {
  const now = Date.UTC(2026, 10, 20, 12, 0, 0);

  it.each([
    [10_000, 'just now'],
    [-3_000, 'just now'],
    [50_000, '1 min ago'],
    [5 * 60_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [30 * 3_600_000, 'yesterday'],
    [4 * 86_400_000, '4 days ago'],
  ])('%i ms ago reads %s', (ago, text) => {
    expect(formatRelative(now - ago, now)).toBe(text);
  });

  it('gives the date after a week', () => {
    const then = Date.UTC(2026, 9, 1, 12);
    expect(formatRelative(then, now, 'en-GB')).toBe(formatDate(then, 'en-GB'));
    expect(formatDate(then, 'en-GB')).toBe('1 Oct 2026');
  });
});
