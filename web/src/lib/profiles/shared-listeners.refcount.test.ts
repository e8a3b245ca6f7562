import { describe, expect, it } from 'vitest';
import { createSharedListeners } from './shared-listeners.ts';

/** A manual clock: timers run only when the test advances it. */
function manualTimers() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  return {
    setTimer: (run: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
    pending: () => timers.size,
  };
}

function harness(lingerMs = 1000) {
  const timers = manualTimers();
  const started: string[] = [];
  const stopped: string[] = [];
  const emitters = new Map<string, (value: string) => void>();
  const listeners = createSharedListeners<string, string>(
    (key, emit) => {
      started.push(key);
      emitters.set(key, emit);
      return () => stopped.push(key);
    },
    () => 'loading',
    { lingerMs, setTimer: timers.setTimer, clearTimer: timers.clearTimer },
  );
  return {
    listeners,
    timers,
    started,
    stopped,
    emit: (key: string, value: string) => emitters.get(key)!(value),
  };
}

describe('shared listeners', () => {
  it('opens one listener per key however many subscribe, and fans every value out', () => {
    const { listeners, started, emit } = harness();
    const seenA: string[] = [];
    const seenB: string[] = [];
    listeners.subscribe('ada', (value) => seenA.push(value));
    listeners.subscribe('ada', (value) => seenB.push(value));
    emit('ada', 'v1');

    expect(started).toEqual(['ada']);
    expect(seenA).toEqual(['loading', 'v1']);
    expect(seenB).toEqual(['loading', 'v1']);
  });

  it('gives a late subscriber the last value at once', () => {
    const { listeners, emit } = harness();
    listeners.subscribe('ada', () => {});
    emit('ada', 'v1');
    const seen: string[] = [];
    listeners.subscribe('ada', (value) => seen.push(value));
    expect(seen).toEqual(['v1']);
  });

  it('keeps the listener while anyone subscribes, then for the linger time only', () => {
    const { listeners, timers, stopped } = harness(1000);
    const first = listeners.subscribe('ada', () => {});
    const second = listeners.subscribe('ada', () => {});
    first();
    expect(timers.pending()).toBe(0);
    second();
    timers.advance(999);
    expect(stopped).toEqual([]);
    timers.advance(1);
    expect(stopped).toEqual(['ada']);
    expect(listeners.activeKeys()).toEqual([]);
  });

  it('reuses a lingering listener when someone comes back, without restarting it', () => {
    const { listeners, timers, started, stopped, emit } = harness(1000);
    listeners.subscribe('ada', () => {})();
    emit('ada', 'v2');
    timers.advance(500);
    const seen: string[] = [];
    listeners.subscribe('ada', (value) => seen.push(value));
    timers.advance(5000);

    expect(started).toEqual(['ada']);
    expect(stopped).toEqual([]);
    expect(seen).toEqual(['v2']);
  });

  it('restarts the linger time when the last subscriber leaves again', () => {
    const { listeners, timers, stopped } = harness(1000);
    listeners.subscribe('ada', () => {})();
    timers.advance(500);
    listeners.subscribe('ada', () => {})();
    timers.advance(600);
    expect(stopped).toEqual([]);
    timers.advance(400);
    expect(stopped).toEqual(['ada']);
  });

  it('starts afresh after a stopped listener, and a double unsubscribe counts once', () => {
    const { listeners, timers, started, stopped } = harness(10);
    const unsubscribe = listeners.subscribe('ada', () => {});
    const other = listeners.subscribe('ada', () => {});
    unsubscribe();
    unsubscribe();
    timers.advance(10);
    expect(stopped).toEqual([]);
    other();
    timers.advance(10);
    listeners.subscribe('ada', () => {});
    expect(started).toEqual(['ada', 'ada']);
    expect(stopped).toEqual(['ada']);
  });

  it('no longer calls a subscriber that left', () => {
    const { listeners, emit } = harness();
    const seen: string[] = [];
    const leave = listeners.subscribe('ada', (value) => seen.push(value));
    listeners.subscribe('ada', () => {});
    leave();
    emit('ada', 'v3');
    expect(seen).toEqual(['loading']);
  });
});
