import { describe, expect, it } from 'vitest';
import { adminTabs, tabAfterKey, tabFromQuery } from './admin-tabs.ts';

describe('admin tabs in the URL', () => {
  it('opens the tab the query names, and the overview for anything else', () => {
    expect(tabFromQuery(new URLSearchParams('tab=moderation'))).toBe('moderation');
    expect(tabFromQuery(new URLSearchParams('tab=ops'))).toBe('ops');
    expect(tabFromQuery(new URLSearchParams(''))).toBe('overview');
    expect(tabFromQuery(new URLSearchParams('tab=secrets'))).toBe('overview');
  });

  it('knows every tab by its own id', () => {
    for (const tab of adminTabs) expect(tabFromQuery(new URLSearchParams({ tab: tab.id }))).toBe(tab.id);
  });

  it('moves with the arrow keys, wrapping, and jumps with Home and End', () => {
    expect(tabAfterKey('overview', 'ArrowRight')).toBe('limits');
    expect(tabAfterKey('overview', 'ArrowLeft')).toBe('ops');
    expect(tabAfterKey('ops', 'ArrowRight')).toBe('overview');
    expect(tabAfterKey('users', 'Home')).toBe('overview');
    expect(tabAfterKey('users', 'End')).toBe('ops');
    expect(tabAfterKey('users', 'Enter')).toBeNull();
  });
});
