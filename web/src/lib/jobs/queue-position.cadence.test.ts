import { describe, expect, it } from 'vitest';
import { pollQueuePosition, type Visibility } from './queue-position.ts';

/** Timers that run only when the test says so, recording each delay asked for. */
function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  return {
    timers: {
      set: (run: () => void, ms: number) => {
        pending.set(++next, { run, ms });
        return next;
      },
      clear: (timer: unknown) => void pending.delete(timer as number),
    },
    /** Delays of the timers now waiting. */
    waiting: () => [...pending.values()].map((entry) => entry.ms),
    /** Fires the one waiting timer and lets the ask it starts settle. */
    async fire() {
      expect(pending.size).toBe(1);
      const [[id, entry]] = [...pending.entries()] as [[number, { run: () => void; ms: number }]];
      pending.delete(id);
      entry.run();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function fakePage(): Visibility & { show(state: 'visible' | 'hidden'): void; listeners: number } {
  const listeners = new Set<() => void>();
  const page = {
    visibilityState: 'visible',
    addEventListener: (_type: 'visibilitychange', listener: () => void) => void listeners.add(listener),
    removeEventListener: (_type: 'visibilitychange', listener: () => void) => void listeners.delete(listener),
    show(state: 'visible' | 'hidden') {
      page.visibilityState = state;
      for (const listener of listeners) listener();
    },
    get listeners() {
      return listeners.size;
    },
  };
  return page;
}

describe('pollQueuePosition', () => {
  function start(answers: (number | null | Error)[]) {
    const clock = manualTimers();
    let nowMs = 0;
    const page = fakePage();
    const heard: (number | null)[] = [];
    let asks = 0;
    const stop = pollQueuePosition({
      ask: async () => {
        const answer = answers[asks++];
        if (answer instanceof Error) throw answer;
        if (answer === undefined) throw new Error('asked more often than the test expects');
        return answer;
      },
      onAhead: (ahead) => heard.push(ahead),
      visibility: page,
      timers: clock.timers,
      now: () => nowMs,
    });
    return { clock, page, heard, stop, asks: () => asks, advance: (ms: number) => (nowMs += ms) };
  }

  it('asks at once, then once a minute, and stops once the job has left the queue', async () => {
    const poll = start([3, new Error('offline'), 2, null]);
    expect(poll.clock.waiting()).toEqual([0]);
    for (let ask = 0; ask < 4; ask++) {
      await poll.clock.fire();
      if (ask < 3) expect(poll.clock.waiting()).toEqual([60_000]);
      poll.advance(60_000);
    }
    expect(poll.heard).toEqual([3, 2, null]);
    expect(poll.clock.waiting()).toEqual([]);
    expect(poll.page.listeners).toBe(0);
  });

  it('makes no ask while the tab is hidden, and shown again keeps to one ask a minute', async () => {
    const poll = start([4, 4, 4]);
    await poll.clock.fire();
    expect(poll.clock.waiting()).toEqual([60_000]);

    poll.page.show('hidden');
    expect(poll.clock.waiting()).toEqual([]);

    poll.advance(10_000);
    poll.page.show('visible');
    expect(poll.clock.waiting()).toEqual([50_000]);
    poll.page.show('hidden');
    poll.advance(110_000);
    poll.page.show('visible');
    expect(poll.clock.waiting()).toEqual([0]);
    await poll.clock.fire();
    expect(poll.asks()).toBe(2);
  });

  it('does not schedule the next ask when the tab was hidden during an ask', async () => {
    const poll = start([4, 4]);
    const clock = poll.clock;
    expect(clock.waiting()).toEqual([0]);
    const firing = clock.fire();
    poll.page.show('hidden');
    await firing;
    expect(poll.heard).toEqual([4]);
    expect(clock.waiting()).toEqual([]);
  });

  it('stops asking and listening when stopped', async () => {
    const poll = start([5]);
    poll.stop();
    expect(poll.clock.waiting()).toEqual([]);
    expect(poll.page.listeners).toBe(0);
    poll.page.show('hidden');
    poll.page.show('visible');
    expect(poll.clock.waiting()).toEqual([]);
  });
});
