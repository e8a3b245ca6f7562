import { describe, expect, it } from 'vitest';
import { portsFor } from './ports.ts';

describe('portsFor', () => {
  it('gives the test profile ports that never overlap the start profile', () => {
    const start = new Set(Object.values(portsFor('start')));
    const test = Object.values(portsFor('test'));
    expect(test.filter((port) => start.has(port))).toEqual([]);
  });

  it('uses each port once within a profile', () => {
    for (const profile of ['start', 'test'] as const) {
      const ports = Object.values(portsFor(profile));
      expect(new Set(ports).size).toBe(ports.length);
    }
  });
});
