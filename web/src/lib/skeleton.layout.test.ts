import { describe, expect, it } from 'vitest';
import { MAX_SKELETON_TILES, SKELETON_ASPECTS, skeletonTiles } from './skeleton.ts';

describe('skeletonTiles', () => {
  it('returns the requested number of tiles with stable ids', () => {
    const tiles = skeletonTiles(12);
    expect(tiles).toHaveLength(12);
    expect(tiles.map((t) => t.id)).toEqual([...Array(12).keys()]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(skeletonTiles(20, 3)).toEqual(skeletonTiles(20, 3));
    expect(skeletonTiles(20, 3).map((t) => t.aspect)).not.toEqual(skeletonTiles(20, 4).map((t) => t.aspect));
  });

  it('never repeats an aspect ratio in a row and uses several shapes', () => {
    for (const seed of [1, 2, 3, 7, 42, 1234]) {
      const aspects = skeletonTiles(MAX_SKELETON_TILES, seed).map((t) => t.aspect);
      aspects.forEach((aspect, i) => {
        expect(SKELETON_ASPECTS).toContain(aspect);
        if (i > 0) expect(aspect).not.toBe(aspects[i - 1]);
      });
      expect(new Set(aspects).size).toBeGreaterThanOrEqual(4);
    }
  });

  it('staggers the shimmer and wraps the offsets', () => {
    const delays = skeletonTiles(10).map((t) => t.delayMs);
    expect(delays.slice(0, 3)).toEqual([0, 90, 180]);
    expect(delays[8]).toBe(0);
    expect(Math.max(...delays)).toBeLessThan(1000);
  });

  it('uses exactly the aspect ratios people can request', () => {
    expect(SKELETON_ASPECTS).toEqual([
      '1 / 1',
      '3 / 2',
      '2 / 3',
      '3 / 4',
      '4 / 3',
      '4 / 5',
      '5 / 4',
      '9 / 16',
      '16 / 9',
      '21 / 9',
    ]);
  });

  it('accepts zero and rejects counts out of range', () => {
    expect(skeletonTiles(0)).toEqual([]);
    expect(() => skeletonTiles(-1)).toThrow(RangeError);
    expect(() => skeletonTiles(2.5)).toThrow(RangeError);
    expect(() => skeletonTiles(MAX_SKELETON_TILES + 1)).toThrow(/0 to 48/);
  });
});
