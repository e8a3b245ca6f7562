/**
 * Which feed card plays its muted preview: at most one at a time, so a
 * pointer sweeping across the grid (or a keyboard tabbing through it) never
 * leaves a trail of videos playing and downloading.
 */
import { writable, type Readable } from 'svelte/store';

const current = writable<string | null>(null);

/** The post whose card previews its video now, or null. */
export const previewingPost: Readable<string | null> = { subscribe: current.subscribe };

/** `postId`'s card starts its preview; any other card's stops. */
export function startPreview(postId: string): void {
  current.set(postId);
}

/** `postId`'s card stops its preview, unless another card has taken over meanwhile. */
export function stopPreview(postId: string): void {
  current.update((playing) => (playing === postId ? null : playing));
}

/**
 * Whether a tap on a video card's link plays the preview instead of opening
 * the post. A touch screen has no hover, so the first tap previews and the
 * second opens; a mouse, pen or keyboard opens at once.
 * @param pointerType The `pointerType` of the press that led to the click, or null for a keyboard.
 */
export function tapPreviews(pointerType: string | null, previewing: boolean): boolean {
  return pointerType === 'touch' && !previewing;
}
