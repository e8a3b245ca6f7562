import { describe, expect, it } from 'vitest';
import { defaultLoadOptions, parseLoadArgs } from './args.ts';

describe('parseLoadArgs', () => {
  it('defaults to rates 1, 2 and 4 for 60 s each, with a 120 s drain', () => {
    expect(parseLoadArgs([])).toEqual(defaultLoadOptions);
    expect(defaultLoadOptions).toMatchObject({ rates: [1, 2, 4], durationSeconds: 60, drainSeconds: 120 });
  });

  it('reads rates in the given order and the other knobs', () => {
    expect(parseLoadArgs(['--rates', '0.5, 3', '--duration', '20', '--seed', '7'])).toMatchObject({
      rates: [0.5, 3],
      durationSeconds: 20,
      seed: 7,
    });
  });

  it('refuses what it cannot run', () => {
    expect(() => parseLoadArgs(['--rates', '1,x'])).toThrow(/--rates/);
    expect(() => parseLoadArgs(['--duration', '0'])).toThrow(/--duration/);
    expect(() => parseLoadArgs(['--duration', '2.5'])).toThrow(/whole/);
    expect(() => parseLoadArgs(['--rates', '100'])).toThrow(/above 50/);
    expect(() => parseLoadArgs(['--bogus'])).toThrow();
  });
});
