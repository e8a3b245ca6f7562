/**
 * Caps the task requests worked on at once. Cloud Run enforces its own
 * concurrency setting in production, but locally nothing does, and a 429 here
 * is what makes Cloud Tasks back off in both places.
 */
export interface ConcurrencyGate {
  /** Takes a slot and returns its release function, or null when every slot is taken. */
  tryEnter(): (() => void) | null;
  readonly inFlight: number;
  readonly limit: number;
  /** Resolves once nothing is in flight (at once if nothing is). */
  idle(): Promise<void>;
}

export function createConcurrencyGate(limit: number): ConcurrencyGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1, got ${limit}`);
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();

  return {
    tryEnter() {
      if (inFlight >= limit) return null;
      inFlight += 1;
      let released = false;
      return () => {
        // A double release would open a slot that was never taken.
        if (released) return;
        released = true;
        inFlight -= 1;
        if (inFlight === 0) {
          for (const wake of idleWaiters) wake();
          idleWaiters.clear();
        }
      };
    },
    get inFlight() {
      return inFlight;
    },
    limit,
    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.add(resolve));
    },
  };
}
