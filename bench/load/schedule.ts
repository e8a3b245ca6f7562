/**
 * The open-loop arrival schedule: arrival i is due at i / rate seconds after
 * the start, whether or not earlier arrivals have finished, so a slow system
 * meets more concurrent work instead of a politely slower client.
 */

/** Seconds after the start at which each arrival is due. */
export function arrivalOffsetsMs(ratePerSecond: number, durationSeconds: number): number[] {
  if (!(ratePerSecond > 0) || !(durationSeconds > 0)) return [];
  const count = Math.floor(ratePerSecond * durationSeconds + 1e-9);
  return Array.from({ length: count }, (_, index) => (index * 1000) / ratePerSecond);
}

/** The hard cap on requests one rate may issue: 20 % above its schedule. */
export function requestCap(ratePerSecond: number, durationSeconds: number): number {
  return Math.ceil(ratePerSecond * durationSeconds * 1.2);
}

/** Hands out requests until the cap is reached, then refuses every further one. */
export class RequestBudget {
  private used = 0;
  readonly cap: number;
  constructor(cap: number) {
    this.cap = cap;
  }

  take(): boolean {
    if (this.used >= this.cap) return false;
    this.used += 1;
    return true;
  }

  get exhausted(): boolean {
    return this.used >= this.cap;
  }

  get taken(): number {
    return this.used;
  }
}

/**
 * Arrivals per second actually achieved: arrivals issued over the span from
 * the start to the last issue, plus one interval (n arrivals span n intervals).
 */
export function achievedRate(issuedAtMs: readonly number[], startMs: number, ratePerSecond: number): number {
  if (issuedAtMs.length === 0) return 0;
  const last = Math.max(...issuedAtMs);
  return issuedAtMs.length / ((last - startMs + 1000 / ratePerSecond) / 1000);
}
