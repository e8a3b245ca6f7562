import { describe, expect, it } from 'vitest';
import { coalescing } from './coalesce.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('coalescing', () => {
  it('turns a burst of calls into the running one plus one follow-up that starts after them all', async () => {
    const gates = [gate(), gate()];
    const starts: number[] = [];
    const run = coalescing(async (key: string) => {
      const index = starts.push(starts.length) - 1;
      await gates[index]!.opened;
      return `${key}#${index}`;
    });
    const first = run('2031-05');
    const burst = Array.from({ length: 50 }, () => run('2031-05'));
    expect(starts).toEqual([0]);
    gates[0]!.open();
    expect(await first).toBe('2031-05#0');
    gates[1]!.open();
    expect(new Set(await Promise.all(burst))).toEqual(new Set(['2031-05#1']));
    expect(starts).toHaveLength(2);
  });

  it('runs different keys side by side, and recovers after a failed run', async () => {
    let calls = 0;
    const run = coalescing(async (key: number) => {
      calls += 1;
      if (calls === 1) throw new Error('first run fails');
      return key * 2;
    });
    const failing = run(1);
    const follower = run(1);
    await expect(failing).rejects.toThrow('first run fails');
    expect(await follower).toBe(2);
    expect(await run(3)).toBe(6);
  });
});
