/**
 * google.protobuf.Duration / Timestamp as proto-loader hands them over
 * (`longs: Number`) and as we send them back. Milliseconds may be fractional.
 */
export interface SecondsAndNanos {
  seconds?: number | string | null;
  nanos?: number | null;
}

export function secondsAndNanosToMs(value: SecondsAndNanos | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  return Number(value.seconds ?? 0) * 1000 + Number(value.nanos ?? 0) / 1e6;
}

export function msToSecondsAndNanos(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  // Rounding can carry a whole second when ms is just below the next one.
  return nanos >= 1e9 ? { seconds: seconds + 1, nanos: nanos - 1e9 } : { seconds, nanos };
}
