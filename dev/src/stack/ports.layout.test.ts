import { describe, expect, it } from 'vitest';
import { type StackProfile, fetchBlockedPorts, portsFor } from './ports.ts';

const profiles: StackProfile[] = ['start', 'test', 'bench'];

describe('portsFor', () => {
  it('gives each profile ports that never overlap another profile', () => {
    for (const a of profiles) {
      for (const b of profiles.filter((other) => other !== a)) {
        const taken = new Set(Object.values(portsFor(b)));
        expect(
          Object.values(portsFor(a)).filter((port) => taken.has(port)),
          `${a} vs ${b}`,
        ).toEqual([]);
      }
    }
  });

  it('uses each port once within a profile', () => {
    for (const profile of profiles) {
      const ports = Object.values(portsFor(profile));
      expect(new Set(ports).size, profile).toBe(ports.length);
    }
  });

  it('avoids the ports fetch refuses to connect to (10080 once hid a healthy emulator)', () => {
    for (const profile of profiles) {
      expect(
        Object.values(portsFor(profile)).filter((port) => fetchBlockedPorts.has(port)),
        profile,
      ).toEqual([]);
    }
  });

  it('keeps the documented ports for npm start', () => {
    expect(portsFor('start')).toMatchObject({ firestore: 8080, auth: 9099, functions: 5001, web: 5173 });
  });
});
