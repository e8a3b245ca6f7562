import { describe, expect, it } from 'vitest';
import { bioCounter, bioLength, bioProblem, visibilityControls } from './bio-and-visibility.ts';

describe('bio', () => {
  it('counts code points after trimming, as the server does', () => {
    expect(bioLength('  hi  ')).toBe(2);
    expect(bioLength('🦊🦊')).toBe(2);
  });

  it('accepts up to 160 characters and says why one more is refused', () => {
    expect(bioProblem('x'.repeat(160))).toBeNull();
    expect(bioProblem('')).toBeNull();
    expect(bioProblem('x'.repeat(161))).toBe('Keep the bio to 160 characters.');
    expect(bioProblem(`${'🦊'.repeat(160)}`)).toBeNull();
  });

  it('shows the counter and warns near the limit', () => {
    expect(bioCounter('abc')).toEqual({ text: '3 / 160', level: 'ok' });
    expect(bioCounter('x'.repeat(140)).level).toBe('near');
    expect(bioCounter('x'.repeat(161))).toEqual({ text: '161 / 160', level: 'over' });
  });
});

describe('visibilityControls', () => {
  it('offers Hide on a public post of the owner', () => {
    expect(visibilityControls({ hidden: false, hiddenReason: null }, true)).toEqual({
      badge: null,
      action: 'hide',
    });
  });

  it('badges an owner-hidden post Hidden and offers Unhide', () => {
    const controls = visibilityControls({ hidden: true, hiddenReason: 'owner' }, true);
    expect(controls.badge?.label).toBe('Hidden');
    expect(controls.action).toBe('unhide');
  });

  it('badges a reported post Under review with no way to unhide it', () => {
    const controls = visibilityControls({ hidden: true, hiddenReason: 'reported' }, true);
    expect(controls.badge?.label).toBe('Under review');
    expect(controls.action).toBeNull();
  });

  it('offers nothing to someone else', () => {
    expect(visibilityControls({ hidden: false, hiddenReason: null }, false)).toEqual({
      badge: null,
      action: null,
    });
  });
});
