import { describe, expect, it } from 'vitest';
import {
  defaultMix,
  operations,
  pickOne,
  pickOperation,
  pickStayMs,
  seededRandom,
  visitStayMs,
} from './mix.ts';

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    for (const value of take(7)) expect(value >= 0 && value < 1).toBe(true);
  });
});

describe('pickOperation', () => {
  it('follows the weights over many picks', () => {
    const random = seededRandom(1);
    const counts = Object.fromEntries(operations.map((operation) => [operation, 0]));
    const picks = 20_000;
    for (let index = 0; index < picks; index++) counts[pickOperation(random)]! += 1;
    const total = Object.values(defaultMix).reduce((sum, weight) => sum + weight, 0);
    for (const operation of operations) {
      expect(counts[operation]! / picks).toBeCloseTo(defaultMix[operation] / total, 1);
    }
  });

  it('never picks an operation weighted 0', () => {
    const random = seededRandom(2);
    const mix = { feed: 0, like: 1, image: 0, video: 0, admin: 1 };
    const picked = new Set(Array.from({ length: 500 }, () => pickOperation(random, mix)));
    expect([...picked].sort()).toEqual(['admin', 'like']);
  });

  it('gives the same picks for the same seed', () => {
    const run = () => {
      const random = seededRandom(9);
      return Array.from({ length: 50 }, () => pickOperation(random));
    };
    expect(run()).toEqual(run());
  });
});

describe('pickStayMs and pickOne', () => {
  it('keeps a visit within 5–15 s and picks from the list', () => {
    expect(pickStayMs(() => 0)).toBe(visitStayMs.min);
    expect(pickStayMs(() => 0.999999)).toBeLessThan(visitStayMs.max);
    expect(pickOne(() => 0.999999, ['a', 'b', 'c'])).toBe('c');
    expect(() => pickOne(() => 0, [])).toThrow();
  });
});
