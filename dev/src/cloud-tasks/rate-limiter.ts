/**
 * A token bucket as Cloud Tasks describes for `RateLimits`: each dispatch
 * takes a token, the bucket holds at most `maxBurstSize` tokens and refills
 * at `maxDispatchesPerSecond`. Pure and immutable: every call takes the clock
 * and returns the next state.
 */
export interface TokenBucket {
  readonly tokens: number;
  /** Most tokens the bucket holds (the queue's maxBurstSize). */
  readonly capacity: number;
  /** Refill rate in tokens per second (the queue's maxDispatchesPerSecond). */
  readonly ratePerSecond: number;
  /** Clock reading (ms) that `tokens` is accurate for. */
  readonly updatedAtMs: number;
}

export type TakeResult =
  { granted: true; bucket: TokenBucket } | { granted: false; bucket: TokenBucket; retryInMs: number };

/** A full bucket, so a fresh queue may burst right away. */
export function createTokenBucket(settings: {
  ratePerSecond: number;
  capacity: number;
  nowMs: number;
}): TokenBucket {
  return {
    tokens: settings.capacity,
    capacity: settings.capacity,
    ratePerSecond: settings.ratePerSecond,
    updatedAtMs: settings.nowMs,
  };
}

export function refill(bucket: TokenBucket, nowMs: number): TokenBucket {
  const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
  const tokens = Math.min(bucket.capacity, bucket.tokens + (elapsedMs / 1000) * bucket.ratePerSecond);
  return { ...bucket, tokens, updatedAtMs: Math.max(nowMs, bucket.updatedAtMs) };
}

export function tryTakeToken(bucket: TokenBucket, nowMs: number): TakeResult {
  const current = refill(bucket, nowMs);
  // The epsilon absorbs float drift so a wake-up at `retryInMs` is granted.
  if (current.tokens >= 1 - 1e-9)
    return { granted: true, bucket: { ...current, tokens: Math.max(0, current.tokens - 1) } };
  if (current.ratePerSecond <= 0)
    return { granted: false, bucket: current, retryInMs: Number.POSITIVE_INFINITY };
  const retryInMs = Math.ceil(((1 - current.tokens) / current.ratePerSecond) * 1000);
  return { granted: false, bucket: current, retryInMs };
}

/** New limits keep the tokens already earned, up to the new capacity. */
export function reconfigure(
  bucket: TokenBucket,
  settings: { ratePerSecond: number; capacity: number; nowMs: number },
): TokenBucket {
  const current = refill(bucket, settings.nowMs);
  return {
    tokens: Math.min(current.tokens, settings.capacity),
    capacity: settings.capacity,
    ratePerSecond: settings.ratePerSecond,
    updatedAtMs: current.updatedAtMs,
  };
}

/**
 * The output-only maxBurstSize that Cloud Tasks derives from the rate. The
 * service reports 100 for the default 500/s; its rule for other rates is not
 * published, so this keeps that ratio.
 */
export function burstSizeFor(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 5));
}
