import { describe, expect, it } from 'vitest';
import { exploreSearch, exploreViewKey, parseExploreView } from './explore-url.ts';

const parse = (search: string) => parseExploreView(new URLSearchParams(search));

describe('explore view in the URL', () => {
  it('opens New by default, with a bare address', () => {
    expect(parse('')).toEqual({ tab: 'new' });
    expect(exploreSearch(new URLSearchParams(''), { tab: 'new' })).toBe('');
  });

  it('reads Top and its window', () => {
    expect(parse('?tab=top&window=today')).toEqual({ tab: 'top', window: 'today' });
    expect(parse('tab=top&window=all')).toEqual({ tab: 'top', window: 'all' });
  });

  it('falls back to the defaults for unknown values', () => {
    expect(parse('?tab=hot')).toEqual({ tab: 'new' });
    expect(parse('?tab=top')).toEqual({ tab: 'top', window: 'week' });
    expect(parse('?tab=top&window=decade')).toEqual({ tab: 'top', window: 'week' });
    expect(parse('?window=today')).toEqual({ tab: 'new' });
  });

  it('writes the view and keeps unrelated parameters', () => {
    const current = new URLSearchParams('ref=mail&tab=top&window=today');
    expect(exploreSearch(current, { tab: 'top', window: 'all' })).toBe('?ref=mail&tab=top&window=all');
    expect(exploreSearch(current, { tab: 'new' })).toBe('?ref=mail');
  });

  it('round-trips every view', () => {
    for (const view of [
      { tab: 'new' },
      { tab: 'top', window: 'today' },
      { tab: 'top', window: 'week' },
      { tab: 'top', window: 'all' },
    ] as const) {
      expect(parse(exploreSearch(new URLSearchParams(), view))).toEqual(view);
    }
  });

  it('keys each view apart', () => {
    const keys = ['new', 'top:today', 'top:week', 'top:all'];
    expect(
      keys.map((key) => exploreViewKey(parse(key === 'new' ? '' : `tab=top&window=${key.slice(4)}`))),
    ).toEqual(keys);
  });
});
