/** Completions per second while a backlog kept every slot of a service busy. */
export interface SteadyThroughput {
  jobsPerSecond: number;
  /** Completions counted, and the time they took, in seconds. */
  jobs: number;
  seconds: number;
}

/**
 * The steady part of a backlog's drain, from its completion times (epoch ms,
 * any order): the window opens when the first `slots` jobs have completed
 * (the ramp, where every slot started at once) and closes before the last
 * `slots` (the tail, where slots fall idle with nothing left to take). Both
 * edges are completions, so a drain in synchronous waves of `slots` counts
 * whole waves. Undefined when the backlog is too short to have a steady part.
 */
export function steadyThroughput(
  finishedAtMs: readonly number[],
  slots: number,
): SteadyThroughput | undefined {
  const sorted = [...finishedAtMs].sort((a, b) => a - b);
  const opens = slots - 1;
  const closes = sorted.length - 1 - slots;
  if (closes <= opens) return undefined;
  const seconds = (sorted[closes]! - sorted[opens]!) / 1000;
  if (!(seconds > 0)) return undefined;
  const jobs = closes - opens;
  return { jobsPerSecond: jobs / seconds, jobs, seconds };
}
