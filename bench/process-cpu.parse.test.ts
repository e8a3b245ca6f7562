import { describe, expect, it } from 'vitest';
import { parseProcStat } from './process-cpu.ts';

describe('parseProcStat', () => {
  it('reads the group and user + system time of a stat line', () => {
    const line =
      '16371 (node) R 16369 16300 28410 0 -1 4194304 127 0 0 0 250 75 0 0 20 0 1 0 2981080 3133440 412 0';
    expect(parseProcStat(line)).toEqual({ pid: 16371, processGroup: 16300, cpuSeconds: 3.25 });
  });

  it('counts fields from the last parenthesis, since a command name may hold spaces and parentheses', () => {
    const line = '42 (Java Main (x) y) S 1 40 40 0 -1 0 0 0 0 0 1000 500 0 0 20 0 9 0 1 1 1 0';
    expect(parseProcStat(line)).toEqual({ pid: 42, processGroup: 40, cpuSeconds: 15 });
  });

  it('answers null for a line that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('not a stat line')).toBeNull();
    expect(parseProcStat('7 (short) S 1')).toBeNull();
  });
});
