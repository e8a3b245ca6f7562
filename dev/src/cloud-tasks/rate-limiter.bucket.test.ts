import { describe, expect, it } from 'vitest';
import { burstSizeFor, createTokenBucket, reconfigure, tryTakeToken } from './rate-limiter.ts';

describe('token bucket', () => {
  it('allows a burst of `capacity`, then one token per 1/rate seconds', () => {
    let bucket = createTokenBucket({ ratePerSecond: 10, capacity: 3, nowMs: 0 });
    for (let index = 0; index < 3; index += 1) {
      const take = tryTakeToken(bucket, 0);
      expect(take.granted).toBe(true);
      bucket = take.bucket;
    }
    const denied = tryTakeToken(bucket, 0);
    expect(denied).toMatchObject({ granted: false, retryInMs: 100 });
    expect(tryTakeToken(denied.bucket, 99).granted).toBe(false);
    const later = tryTakeToken(denied.bucket, 100);
    expect(later.granted).toBe(true);
  });

  it('refills no further than its capacity', () => {
    const empty = { ...createTokenBucket({ ratePerSecond: 100, capacity: 2, nowMs: 0 }), tokens: 0 };
    let bucket = tryTakeToken(empty, 60_000).bucket;
    bucket = tryTakeToken(bucket, 60_000).bucket;
    expect(tryTakeToken(bucket, 60_000).granted).toBe(false);
  });

  it('grants exactly at the wait it announced, despite fractional rates', () => {
    let bucket = { ...createTokenBucket({ ratePerSecond: 3, capacity: 1, nowMs: 0 }), tokens: 0 };
    let now = 0;
    for (let index = 0; index < 20; index += 1) {
      const take = tryTakeToken(bucket, now);
      if (take.granted) {
        bucket = take.bucket;
        continue;
      }
      now += take.retryInMs;
      const retry = tryTakeToken(take.bucket, now);
      expect(retry.granted).toBe(true);
      bucket = retry.bucket;
    }
    // 20 tokens at 3/s from empty take about 20/3 s.
    expect(now).toBeGreaterThanOrEqual(6666);
    expect(now).toBeLessThanOrEqual(6700);
  });

  it('keeps earned tokens up to the new capacity when reconfigured', () => {
    const bucket = createTokenBucket({ ratePerSecond: 500, capacity: 100, nowMs: 0 });
    const smaller = reconfigure(bucket, { ratePerSecond: 1, capacity: 1, nowMs: 0 });
    expect(smaller.tokens).toBe(1);
    const take = tryTakeToken(smaller, 0);
    expect(tryTakeToken(take.bucket, 0)).toMatchObject({ granted: false, retryInMs: 1000 });
  });

  it('derives maxBurstSize from the rate, 100 for the default 500/s', () => {
    expect(burstSizeFor(500)).toBe(100);
    expect(burstSizeFor(5)).toBe(1);
    expect(burstSizeFor(0.5)).toBe(1);
  });
});
