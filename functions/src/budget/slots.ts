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
