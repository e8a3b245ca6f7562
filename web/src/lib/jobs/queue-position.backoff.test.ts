import { describe, expect, it } from 'vitest';
import {
  afterQueuePositionAnswer,
  firstQueuePositionAsk,
  pollQueuePosition,
  queuePositionDelayMs,
  type QueuePositionSchedule,
  type Visibility,
} from './queue-position.ts';

/** The delays a run of answers produces, starting with the first ask's. */
function delaysFor(answers: (number | undefined)[]): number[] {
  let schedule: QueuePositionSchedule = firstQueuePositionAsk;
  const delays = [queuePositionDelayMs(schedule)];
  for (const ahead of answers) {
    schedule = afterQueuePositionAnswer(schedule, ahead);
    delays.push(queuePositionDelayMs(schedule));
  }
  return delays;
}

describe('queue position schedule', () => {
  it('backs off while the answer stays the same, capped at 30 s', () => {
    expect(delaysFor([2, 2, 2, 2, 2, 2, 2])).toEqual([
      1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('returns to 3 s when the place in line changes', () => {
    expect(delaysFor([2, 2, 2, 2, 1, 1])).toEqual([1_000, 3_000, 5_000, 10_000, 20_000, 3_000, 5_000]);
  });

  it('backs off on failed asks and compares the next answer with the last one seen', () => {
    expect(delaysFor([2, undefined, undefined, 2, 0])).toEqual([1_000, 3_000, 5_000, 10_000, 20_000, 3_000]);
  });
});

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
    });
    return { clock, page, heard, stop, asks: () => asks };
  }

  it('asks on the back-off schedule and stops once the job has left the queue', async () => {
    const poll = start([3, 3, new Error('offline'), 2, null]);
    expect(poll.clock.waiting()).toEqual([1_000]);
    await poll.clock.fire();
    expect(poll.clock.waiting()).toEqual([3_000]);
    await poll.clock.fire();
    expect(poll.clock.waiting()).toEqual([5_000]);
    await poll.clock.fire();
    expect(poll.clock.waiting()).toEqual([10_000]);
    await poll.clock.fire();
    expect(poll.clock.waiting()).toEqual([3_000]);
    await poll.clock.fire();
    expect(poll.heard).toEqual([3, 3, 2, null]);
    expect(poll.clock.waiting()).toEqual([]);
    expect(poll.page.listeners).toBe(0);
  });

  it('makes no ask while the tab is hidden and asks at once when it shows again', async () => {
    const poll = start([4, 4, 4]);
    await poll.clock.fire();
    expect(poll.clock.waiting()).toEqual([3_000]);

    poll.page.show('hidden');
    expect(poll.clock.waiting()).toEqual([]);

    poll.page.show('visible');
    expect(poll.clock.waiting()).toEqual([0]);
    await poll.clock.fire();
    expect(poll.asks()).toBe(2);
    expect(poll.clock.waiting()).toEqual([5_000]);
  });

  it('does not schedule the next ask when the tab was hidden during an ask', async () => {
    const poll = start([4, 4]);
    const clock = poll.clock;
    expect(clock.waiting()).toEqual([1_000]);
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
