/**
 * Tells elements when they come near the screen, through one shared
 * IntersectionObserver (one per page, not one per card). Hearts use it to
 * listen to their post only while it can be seen.
 */

/** How far beyond the screen an element counts as near: about one screen of scrolling. */
const NEAR_MARGIN = '800px 0px 800px 0px';

type Callback = (near: boolean) => void;

let observer: IntersectionObserver | undefined;
const callbacks = new Map<Element, Callback>();

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) callbacks.get(entry.target)?.(entry.isIntersecting);
    },
    { rootMargin: NEAR_MARGIN },
  );
  return observer;
}

/**
 * Calls `onChange` whenever `element` comes near the screen or leaves it.
 * Where IntersectionObserver is missing, the element counts as near.
 * @returns Stops watching.
 */
export function watchNearViewport(element: Element, onChange: Callback): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange(true);
    return () => undefined;
  }
  callbacks.set(element, onChange);
  shared().observe(element);
  return () => {
    callbacks.delete(element);
    observer?.unobserve(element);
  };
}
