/**
 * Words and numbers for the heart. Pure.
 */

/** A like count as shown next to the heart: 999, 1.2k, 12k, 1.2M. */
export function formatLikeCount(count: number): string {
  const n = Math.max(0, Math.floor(count));
  if (n < 1000) return String(n);
  const [value, unit] = n < 1_000_000 ? [n / 1000, 'k'] : [n / 1_000_000, 'M'];
  // One decimal below 10 (1.2k), none above (12k); never round up into a wrong unit's digits.
  const digits = value < 10 ? Math.floor(value * 10) / 10 : Math.floor(value);
  return `${digits}${unit}`;
}

/**
 * The heart button's accessible name: the action it performs, then the
 * exact count ("Like, 3 likes"; "Unlike, 1 like").
 */
export function likeButtonLabel(liked: boolean, count: number): string {
  const n = Math.max(0, Math.floor(count));
  return `${liked ? 'Unlike' : 'Like'}, ${n} ${n === 1 ? 'like' : 'likes'}`;
}
