import { describe, expect, it } from 'vitest';
import { oneAtATimePer, slots } from './slots.ts';

describe('slots', () => {
  it('never runs more than the limit at once, and runs every task in arrival order', async () => {
    const run = slots(3);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        run(async () => {
          started.push(index);
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
          return index * 2;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index * 2));
  });

  it('frees the slot of a task that fails', async () => {
    const run = slots(1);
    await expect(run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await run(async () => 'next')).toBe('next');
  });
});

describe('oneAtATimePer', () => {
  it('runs one task per key at a time in arrival order, keys side by side, past a failure', async () => {
    const serial = oneAtATimePer<string>();
    const log: string[] = [];
    const task =
      (key: string, index: number, fail = false) =>
      async () => {
        log.push(`start ${key}${index}`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`end ${key}${index}`);
        if (fail) throw new Error(`${key}${index} failed`);
        return `${key}${index}`;
      };
    const results = await Promise.allSettled([
      serial('a', task('a', 1, true)),
      serial('a', task('a', 2)),
      serial('b', task('b', 1)),
    ]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))).toEqual([
      'failed',
      'a2',
      'b1',
    ]);
    // a2 starts only after a1 ended; b1 runs beside a1.
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });
});
