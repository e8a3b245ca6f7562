import { describe, expect, it } from 'vitest';
import {
  type RetryPolicy,
  nextAttemptDelayMs,
  parseRetryAfterMs,
  retriesExhausted,
  retryDelayMs,
} from './backoff.ts';

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxAttempts: 100,
  maxRetryDurationMs: 0,
  minBackoffMs: 100,
  maxBackoffMs: 3_600_000,
  maxDoublings: 16,
  ...overrides,
});

describe('retryDelayMs', () => {
  it('follows the documented example: 10 s, 300 s, 3 doublings', () => {
    const example = policy({ minBackoffMs: 10_000, maxBackoffMs: 300_000, maxDoublings: 3 });
    const delays = Array.from({ length: 9 }, (_, retry) => retryDelayMs(example, retry) / 1000);
    expect(delays).toEqual([10, 20, 40, 80, 160, 240, 300, 300, 300]);
  });

  it('doubles from the default 0.1 s up to the 1 h cap', () => {
    const defaults = policy();
    expect(retryDelayMs(defaults, 0)).toBe(100);
    expect(retryDelayMs(defaults, 1)).toBe(200);
    expect(retryDelayMs(defaults, 10)).toBe(102_400);
    expect(retryDelayMs(defaults, 16)).toBe(3_600_000);
    expect(retryDelayMs(defaults, 1000)).toBe(3_600_000);
  });

  it('grows linearly from the start with zero doublings', () => {
    const linear = policy({ minBackoffMs: 50, maxBackoffMs: 1000, maxDoublings: 0 });
    expect([0, 1, 2, 3].map((retry) => retryDelayMs(linear, retry))).toEqual([50, 100, 150, 200]);
  });

  it('never exceeds maxBackoff, even when it is below minBackoff doubled once', () => {
    expect(retryDelayMs(policy({ minBackoffMs: 400, maxBackoffMs: 500 }), 3)).toBe(500);
  });
});

describe('retriesExhausted', () => {
  it('stops after maxAttempts when the duration is unlimited', () => {
    const limited = policy({ maxAttempts: 3 });
    expect(retriesExhausted(limited, { attemptsMade: 2, msSinceFirstAttempt: 1e9 })).toBe(false);
    expect(retriesExhausted(limited, { attemptsMade: 3, msSinceFirstAttempt: 0 })).toBe(true);
  });

  it('never stops with -1 attempts and no duration limit', () => {
    expect(
      retriesExhausted(policy({ maxAttempts: -1 }), { attemptsMade: 1e6, msSinceFirstAttempt: 1e12 }),
    ).toBe(false);
  });

  it('stops on maxRetryDuration alone when attempts are unlimited', () => {
    const timed = policy({ maxAttempts: -1, maxRetryDurationMs: 60_000 });
    expect(retriesExhausted(timed, { attemptsMade: 50, msSinceFirstAttempt: 59_999 })).toBe(false);
    expect(retriesExhausted(timed, { attemptsMade: 50, msSinceFirstAttempt: 60_000 })).toBe(true);
  });

  it('needs both limits used up when both are set', () => {
    const both = policy({ maxAttempts: 5, maxRetryDurationMs: 60_000 });
    expect(retriesExhausted(both, { attemptsMade: 5, msSinceFirstAttempt: 10_000 })).toBe(false);
    expect(retriesExhausted(both, { attemptsMade: 2, msSinceFirstAttempt: 120_000 })).toBe(false);
    expect(retriesExhausted(both, { attemptsMade: 5, msSinceFirstAttempt: 60_000 })).toBe(true);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfterMs('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it('lengthens the backoff for 429 and 503 only', () => {
    const fast = policy({ minBackoffMs: 100, maxBackoffMs: 100 });
    expect(nextAttemptDelayMs(fast, { retryIndex: 0, httpStatus: 429, retryAfter: '2', nowMs: now })).toBe(
      2000,
    );
    expect(nextAttemptDelayMs(fast, { retryIndex: 0, httpStatus: 503, retryAfter: '2', nowMs: now })).toBe(
      2000,
    );
    expect(nextAttemptDelayMs(fast, { retryIndex: 0, httpStatus: 500, retryAfter: '2', nowMs: now })).toBe(
      100,
    );
    expect(nextAttemptDelayMs(fast, { retryIndex: 0, nowMs: now })).toBe(100);
  });

  it('never shortens the backoff', () => {
    const slow = policy({ minBackoffMs: 5000, maxBackoffMs: 5000 });
    expect(nextAttemptDelayMs(slow, { retryIndex: 0, httpStatus: 429, retryAfter: '1', nowMs: now })).toBe(
      5000,
    );
  });
});
