/**
 * What the header's disclosures share (the account menu, the token balance,
 * the notification bell): a click outside, Escape (focus goes back to the
 * trigger) or tabbing out of it closes an open one. The component keeps its
 * own `open` state and `close`; this only decides when to call it, so it is
 * tested without a browser.
 */
export interface Disclosure {
  isOpen(): boolean;
  /** The element holding the trigger and the panel; undefined before it mounts. */
  root(): Pick<Node, 'contains'> | undefined;
  close(returnFocus: boolean): void;
}

export interface DisclosureHandlers {
  onWindowClick(event: Pick<MouseEvent, 'target'>): void;
  onKeydown(event: Pick<KeyboardEvent, 'key' | 'stopPropagation'>): void;
  onFocusOut(event: Pick<FocusEvent, 'relatedTarget'>): void;
}

export function disclosureHandlers(disclosure: Disclosure): DisclosureHandlers {
  const outside = (target: EventTarget | null) => {
    const root = disclosure.root();
    return root !== undefined && !root.contains(target as Node | null);
  };
  return {
    onWindowClick(event) {
      if (disclosure.isOpen() && outside(event.target)) disclosure.close(false);
    },
    onKeydown(event) {
      if (!disclosure.isOpen() || event.key !== 'Escape') return;
      // An Escape that closes this must not also close a dialog around it.
      event.stopPropagation();
      disclosure.close(true);
    },
    onFocusOut(event) {
      if (disclosure.isOpen() && outside(event.relatedTarget)) disclosure.close(false);
    },
  };
}
