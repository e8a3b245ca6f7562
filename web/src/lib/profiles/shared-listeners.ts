/**
 * One live listener per key, shared by every subscriber of that key.
 *
 * Fifty cards by the same author must not open fifty `onSnapshot`s on one
 * profile: the first subscriber starts the listener, later ones get the last
 * value at once, and the listener stops only when the last one leaves. It
 * then lingers a little, so scrolling a card out and back in, or moving from
 * the feed to a post and back, reuses the listener instead of reopening it.
 * Pure: the listener and the timer are injected, so it is tested without
 * Firestore or real time.
 */

export interface SharedListenerOptions {
  /** How long a listener with no subscribers is kept, in ms; default 30 000. */
  lingerMs?: number;
  /** Starts a timer; default `setTimeout`. */
  setTimer?: (run: () => void, ms: number) => unknown;
  /** Cancels a timer from `setTimer`; default `clearTimeout`. */
  clearTimer?: (timer: unknown) => void;
}

export interface SharedListeners<Key, Value> {
  /** Calls `run` with the current value now and with every later one; returns the unsubscribe. */
  subscribe(key: Key, run: (value: Value) => void): () => void;
  /** Keys whose listener is running (subscribed or lingering). */
  activeKeys(): Key[];
}

interface Entry<Value> {
  value: Value;
  runs: Set<(value: Value) => void>;
  stop: () => void;
  linger: unknown;
}

/**
 * @param start Starts the listener for `key`, reports through `emit`, returns its stop.
 * @param initial The value a subscriber sees before the listener's first report.
 */
export function createSharedListeners<Key, Value>(
  start: (key: Key, emit: (value: Value) => void) => () => void,
  initial: (key: Key) => Value,
  options: SharedListenerOptions = {},
): SharedListeners<Key, Value> {
  const lingerMs = options.lingerMs ?? 30_000;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const entries = new Map<Key, Entry<Value>>();

  function open(key: Key): Entry<Value> {
    const entry: Entry<Value> = { value: initial(key), runs: new Set(), stop: () => {}, linger: undefined };
    entries.set(key, entry);
    entry.stop = start(key, (value) => {
      entry.value = value;
      for (const run of [...entry.runs]) run(value);
    });
    return entry;
  }

  function subscribe(key: Key, run: (value: Value) => void): () => void {
    const entry = entries.get(key) ?? open(key);
    if (entry.linger !== undefined) {
      clearTimer(entry.linger);
      entry.linger = undefined;
    }
    entry.runs.add(run);
    run(entry.value);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      entry.runs.delete(run);
      if (entry.runs.size > 0) return;
      entry.linger = setTimer(() => {
        entry.linger = undefined;
        // A subscriber that came back in the meantime cancelled this timer.
        if (entry.runs.size > 0 || entries.get(key) !== entry) return;
        entries.delete(key);
        entry.stop();
      }, lingerMs);
    };
  }

  return { subscribe, activeKeys: () => [...entries.keys()] };
}
