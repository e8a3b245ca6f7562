/**
 * Runs at most one `work` per key at a time. A call made while one runs
 * waits for it and then for one more run, which starts after it and so sees
 * everything the caller did before calling; calls that pile up meanwhile share
 * that one follow-up. A burst of N callers thus costs two runs, not N, and
 * none returns before a run that started after its call.
 */
export function coalescing<Key, Result>(work: (key: Key) => Promise<Result>): (key: Key) => Promise<Result> {
  const running = new Map<Key, Promise<Result>>();
  const following = new Map<Key, Promise<Result>>();

  const start = (key: Key): Promise<Result> => {
    const run = work(key).finally(() => {
      if (running.get(key) === run) running.delete(key);
    });
    running.set(key, run);
    return run;
  };

  return (key) => {
    const current = running.get(key);
    if (!current) return start(key);
    let next = following.get(key);
    if (!next) {
      next = current
        .catch(() => undefined)
        .then(() => {
          following.delete(key);
          return start(key);
        });
      following.set(key, next);
    }
    return next;
  };
}
