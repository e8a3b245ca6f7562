/**
 * Layout of the explore feed's loading skeleton.
 *
 * The tiles use the aspect ratios people can actually request, so the grid
 * looks like the feed that will replace it and the swap causes little layout
 * shift. The sequence is seeded, not random, so the server shell, the
 * hydrated page and screenshots all agree.
 */
import { aspectRatios, offeredImageModels } from '@phoenix/core';

/** A CSS `aspect-ratio` value, `16 / 9`. */
export type SkeletonAspect = `${number} / ${number}`;

/** The aspect ratios the offered models make, in core's order, as CSS `aspect-ratio` values. */
export const SKELETON_ASPECTS: readonly SkeletonAspect[] = aspectRatios
  .filter((ratio) => offeredImageModels().some((model) => model.aspectRatios.includes(ratio)))
  .map((ratio) => ratio.replace(':', ' / ') as SkeletonAspect);

export interface SkeletonTile {
  /** Stable key for `{#each}`. */
  id: number;
  aspect: SkeletonAspect;
  /** Shimmer start offset in ms, so the sweep travels across the grid. */
  delayMs: number;
}

/** Upper bound on tiles: a skeleton is a hint, not a page of content. */
export const MAX_SKELETON_TILES = 48;
/** Shimmer offset between consecutive tiles, in ms. */
export const SHIMMER_STEP_MS = 90;
/** Offsets wrap after this many steps so late tiles do not wait for seconds. */
const SHIMMER_WRAP = 8;

/** mulberry32: tiny, fast, good enough for picking shapes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Returns `count` tiles with varied aspect ratios; never the same ratio twice
 * in a row, which would read as a stuck stripe in a column layout.
 * @param count Number of tiles, an integer from 0 to {@link MAX_SKELETON_TILES}.
 * @param seed Any integer; the same seed gives the same layout. Default 7.
 * @throws RangeError when `count` is not an integer in range.
 */
export function skeletonTiles(count: number, seed = 7): SkeletonTile[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SKELETON_TILES) {
    throw new RangeError(`count must be an integer from 0 to ${MAX_SKELETON_TILES}, got ${count}`);
  }
  const next = random(seed);
  const tiles: SkeletonTile[] = [];
  let previous = -1;
  for (let id = 0; id < count; id++) {
    let pick = Math.floor(next() * SKELETON_ASPECTS.length);
    if (pick === previous) pick = (pick + 1) % SKELETON_ASPECTS.length;
    previous = pick;
    tiles.push({
      id,
      aspect: SKELETON_ASPECTS[pick] ?? '1 / 1',
      delayMs: (id % SHIMMER_WRAP) * SHIMMER_STEP_MS,
    });
  }
  return tiles;
}
