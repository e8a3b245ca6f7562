/**
 * Which file a feed card loads. Cards are small, so the thumbnail usually
 * does; `srcset` lets the browser take the full image for a wide cell or a
 * dense screen. Pure, so the choice of widths is tested.
 */

/**
 * Width of the image service's thumbnails, in px. Only a hint for `srcset`;
 * a wrong value makes the browser pick the other file a little early or late.
 */
export const THUMBNAIL_WIDTH_HINT = 256;

/** Cell widths of the feed grid (see `ExploreFeed.svelte`): two columns on phones, up to four. */
export const FEED_CARD_SIZES = '(max-width: 40rem) 50vw, (max-width: 64rem) 33vw, 25vw';

export function cardSrcset(post: { thumbUrl: string; imageUrl: string; width: number }): string {
  if (post.thumbUrl === post.imageUrl || post.width <= THUMBNAIL_WIDTH_HINT)
    return `${post.imageUrl} ${post.width}w`;
  return `${post.thumbUrl} ${THUMBNAIL_WIDTH_HINT}w, ${post.imageUrl} ${post.width}w`;
}

/** A prompt cut to about `max` characters on a word boundary, for captions. */
export function excerpt(text: string, max = 90): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  // A cut right before a space already ends on a whole word.
  const space = clean[max] === ' ' ? max : cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, '')}…`;
}
