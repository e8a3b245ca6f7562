/**
 * The current time, ticking while something reads it: elapsed clocks on
 * running jobs and "2 min ago" stamps. A local timer, not a server poll;
 * job status itself only ever changes through Firestore listeners.
 */
import { readable, type Readable } from 'svelte/store';

/** Tick interval of {@link now}, in ms. */
export const CLOCK_TICK_MS = 1000;

export const now: Readable<number> = readable(Date.now(), (set) => {
  set(Date.now());
  const timer = setInterval(() => set(Date.now()), CLOCK_TICK_MS);
  return () => clearInterval(timer);
});
