/**
 * At most `limit` tasks at once; the rest wait in arrival order. The accept
 * path runs its transactions through one of these per instance, so a burst
 * queues in memory instead of contending in Firestore: transactions that
 * share a user's account or a budget shard otherwise wait on each other's
 * locks, time out and retry, and a burst of hundreds takes minutes instead of
 * seconds.
 */
export function slots(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a whole number ≥ 1: ${limit}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/**
 * One task per key at a time, in arrival order; different keys run side by
 * side. The accept path keys by user: a user's accepts all write their
 * account, so running them one after another in memory spares the
 * transactions from waiting on each other's lock.
 */
export function oneAtATimePer<Key>(): <T>(key: Key, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<Key, Promise<unknown>>();
  return (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
