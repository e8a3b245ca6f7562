import { describe, expect, it } from 'vitest';
import { createConcurrencyGate } from './concurrency-gate.ts';

describe('concurrency gate', () => {
  it('admits up to the limit and refuses the next one', () => {
    const gate = createConcurrencyGate(8);
    const releases = Array.from({ length: 8 }, () => gate.tryEnter());
    expect(releases.every((release) => release !== null)).toBe(true);
    expect(gate.inFlight).toBe(8);
    expect(gate.tryEnter()).toBeNull();
    expect(gate.inFlight).toBe(8);
  });

  it('frees a slot on release, and a second release of the same slot frees nothing', () => {
    const gate = createConcurrencyGate(1);
    const release = gate.tryEnter()!;
    expect(gate.tryEnter()).toBeNull();
    release();
    release();
    expect(gate.inFlight).toBe(0);
    expect(gate.tryEnter()).not.toBeNull();
    expect(gate.tryEnter()).toBeNull();
  });

  it('reports idle at once when empty, and when the last slot is released otherwise', async () => {
    const gate = createConcurrencyGate(2);
    await gate.idle();
    const first = gate.tryEnter()!;
    const second = gate.tryEnter()!;
    let idle = false;
    const waiting = gate.idle().then(() => {
      idle = true;
    });
    first();
    await Promise.resolve();
    expect(idle).toBe(false);
    second();
    await waiting;
    expect(idle).toBe(true);
  });

  it('refuses a limit below one', () => {
    expect(() => createConcurrencyGate(0)).toThrow(RangeError);
    expect(() => createConcurrencyGate(1.5)).toThrow(RangeError);
  });
});
