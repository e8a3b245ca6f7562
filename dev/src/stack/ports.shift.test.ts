import { afterEach, describe, expect, it, vi } from 'vitest';
import { type StackProfile, portShiftStride, portsFor, refuseOverlappingShift } from './ports.ts';

const profiles: StackProfile[] = ['start', 'test', 'bench', 'faults'];

/** Every shift up to 12 000 in steps of 100, where firebase-tools' ports collide, and a few odd ones. */
const candidateShifts = [...Array.from({ length: 121 }, (_, step) => step * 100), 1, 50, 999, 1001];

const accepted = (shift: number) => {
  try {
    refuseOverlappingShift(shift);
    return true;
  } catch {
    return false;
  }
};

/** The layout, or null where the shift puts a port where fetch cannot reach it. */
const layoutOrNull = (profile: StackProfile, shift: number) => {
  try {
    return portsFor(profile, shift);
  } catch {
    return null;
  }
};

describe('PHOENIX_PORT_SHIFT', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('lets no two stacks share some ports but not all, whatever profiles and shifts the rule accepts', () => {
    const layouts = profiles.flatMap((profile) =>
      candidateShifts.filter(accepted).flatMap((shift) => {
        const layout = layoutOrNull(profile, shift);
        return layout ? [{ stack: `${profile} + ${shift}`, ports: new Set(Object.values(layout)) }] : [];
      }),
    );
    const partlyShared: string[] = [];
    for (const [index, a] of layouts.entries()) {
      for (const b of layouts.slice(index + 1)) {
        const shared = [...a.ports].filter((port) => b.ports.has(port)).length;
        if (shared > 0 && shared < a.ports.size) partlyShared.push(`${a.stack} and ${b.stack}`);
      }
    }
    expect(partlyShared).toEqual([]);
  });

  it('refuses shifts of 100 and 200, which put one stack’s hub on another’s logging port', () => {
    expect(() => portsFor('test', 100)).toThrow(`whole multiple of ${portShiftStride}`);
    vi.stubEnv('PHOENIX_PORT_SHIFT', '200');
    expect(() => portsFor('test')).toThrow('PHOENIX_PORT_SHIFT must be a whole multiple of 1000');
  });

  it('refuses negative, fractional and non-numeric shifts', () => {
    for (const shift of [-1000, 1000.5, Number.NaN]) expect(() => refuseOverlappingShift(shift)).toThrow();
    vi.stubEnv('PHOENIX_PORT_SHIFT', 'two');
    expect(() => portsFor('test')).toThrow('not NaN');
  });

  it('refuses a shift that puts a port where fetch will not connect', () => {
    expect(() => portsFor('test', 1000)).toThrow("test stack's firestore on 10080");
    expect(() => portsFor('start', 2000)).toThrow('firestore on 10080');
  });

  it('keeps the shifts in use: none, and whole thousands', () => {
    expect(portsFor('test').firestore).toBe(9080);
    for (const shift of [2000, 3000, 4000]) {
      vi.stubEnv('PHOENIX_PORT_SHIFT', String(shift));
      expect(portsFor('test').firestore).toBe(9080 + shift);
    }
  });
});
