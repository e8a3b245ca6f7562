import { veoLatency } from './video-task.ts';

/** Recent Veo latencies kept per model, newest last: enough for a stable median, small enough to follow a change. */
export const recentLatencySamples = 20;

/**
 * The expected total run time of a Veo operation, in ms: the median of the
 * model's recent measured latencies, or the documented typical latency until
 * three have been measured.
 */
export function expectedVeoMs(recentMs: readonly number[]): number {
  if (recentMs.length < 3) return veoLatency.typicalMs;
  const sorted = [...recentMs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The ETA (ms left) of an operation running for `elapsedMs`. Past the
 * median it stretches to the slowest recent run instead of showing zero,
 * and never goes below one poll.
 */
export function veoEtaMs(recentMs: readonly number[], elapsedMs: number): number {
  const expected = expectedVeoMs(recentMs);
  const slowest = recentMs.length >= 3 ? Math.max(...recentMs) : veoLatency.maxMs;
  const target = elapsedMs < expected ? expected : Math.max(slowest, elapsedMs + 15_000);
  return Math.max(5_000, target - elapsedMs);
}

/** The latencies after one more measurement, oldest dropped past {@link recentLatencySamples}. */
export function withLatency(recentMs: readonly number[], measuredMs: number): number[] {
  return [...recentMs, Math.round(measuredMs)].slice(-recentLatencySamples);
}
