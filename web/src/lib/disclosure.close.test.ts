import { describe, expect, it, vi } from 'vitest';
import { disclosureHandlers } from './disclosure.ts';

const inside = { id: 'inside' };
const root = { contains: (node: unknown) => node === inside };

function setup(open = true) {
  const close = vi.fn();
  const handlers = disclosureHandlers({ isOpen: () => open, root: () => root, close });
  return { close, handlers };
}

const key = (name: string) => ({ key: name, stopPropagation: vi.fn() });

describe('disclosureHandlers', () => {
  it('closes an open disclosure on a click outside it, not on one inside', () => {
    const { close, handlers } = setup();
    handlers.onWindowClick({ target: inside as unknown as EventTarget });
    expect(close).not.toHaveBeenCalled();
    handlers.onWindowClick({ target: {} as EventTarget });
    expect(close).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('closes on Escape, giving focus back, and keeps that Escape from reaching anything around it', () => {
    const { close, handlers } = setup();
    const other = key('Enter');
    handlers.onKeydown(other);
    expect(close).not.toHaveBeenCalled();
    expect(other.stopPropagation).not.toHaveBeenCalled();
    const escape = key('Escape');
    handlers.onKeydown(escape);
    expect(close).toHaveBeenCalledExactlyOnceWith(true);
    expect(escape.stopPropagation).toHaveBeenCalledOnce();
  });

  it('closes when focus leaves it, including to nowhere, but not when it moves inside', () => {
    const { close, handlers } = setup();
    handlers.onFocusOut({ relatedTarget: inside as unknown as EventTarget });
    expect(close).not.toHaveBeenCalled();
    handlers.onFocusOut({ relatedTarget: null });
    expect(close).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('does nothing while closed, so a closed disclosure lets Escape through', () => {
    const { close, handlers } = setup(false);
    const escape = key('Escape');
    handlers.onWindowClick({ target: {} as EventTarget });
    handlers.onKeydown(escape);
    handlers.onFocusOut({ relatedTarget: null });
    expect(close).not.toHaveBeenCalled();
    expect(escape.stopPropagation).not.toHaveBeenCalled();
  });
});
