import type { AccountUsage, PublicLimits } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { secondsUntil, shortfallOf, usageLines, userLimitBlock, waitLine } from './limits-view.ts';

const now = Date.UTC(2026, 11, 1, 12, 0, 0);
const minute = 60_000;
const limits: PublicLimits = {
  rateLimitPerHour: 10,
  inFlightPerUser: 4,
  perUserDailyTokens: 200,
  videoPaused: false,
  budget: { period: '2026-12', level: 'ok' },
};
/** `count` accepts, the oldest `oldestAgoMin` minutes ago and one a minute after that; `inFlight` of them still running. */
const usage = (count: number, oldestAgoMin: number, dayTokens = 12, inFlight = 0): AccountUsage => ({
  recentAcceptsMs: Array.from({ length: count }, (_, i) => now - (oldestAgoMin - i) * minute),
  day: '2026-12-01',
  dayTokens,
  inFlightJobIds: Array.from({ length: inFlight }, (_, i) => `job_${i}`),
});

describe('usageLines', () => {
  it('counts this hour and today against the limits, with no wait while a slot is free', () => {
    expect(usageLines(limits, usage(3, 30), now)).toEqual({
      hour: '3 of 10 this hour',
      today: '12 of 200 tokens today',
      wait: null,
    });
  });

  it('says when the next slot frees once the hour is full, and ticks down with the clock', () => {
    // The oldest of ten left 53 minutes ago, so it leaves the hour in 7 minutes.
    const full = usage(10, 53);
    expect(usageLines(limits, full, now).wait).toBe('You can start another generation in 7 minutes');
    expect(usageLines(limits, full, now + 6 * minute + 30_000).wait).toBe(
      'You can start another generation in 30 seconds',
    );
    expect(usageLines(limits, full, now + 7 * minute + 1000)).toMatchObject({
      hour: '9 of 10 this hour',
      wait: null,
    });
  });

  it('reads yesterday’s tokens and an account without usage as none', () => {
    expect(usageLines(limits, { ...usage(1, 5), day: '2026-11-30' }, now).today).toBe(
      '0 of 200 tokens today',
    );
    expect(usageLines(limits, undefined, now)).toEqual({
      hour: '0 of 10 this hour',
      today: '0 of 200 tokens today',
      wait: null,
    });
  });
});

describe('userLimitBlock', () => {
  it('lets a request within every limit through', () => {
    expect(userLimitBlock({ limits, usage: usage(3, 30, 12, 1), tokens: 8, nowMs: now })).toBeNull();
  });

  it('refuses in core’s words: the hour, then jobs in flight, then the day', () => {
    expect(userLimitBlock({ limits, usage: usage(10, 53), tokens: 2, nowMs: now })).toMatchObject({
      code: 'rate_limited',
      message: expect.stringContaining('in 7 minutes') as unknown,
    });
    expect(userLimitBlock({ limits, usage: usage(4, 30, 12, 4), tokens: 2, nowMs: now })?.code).toBe(
      'too_many_in_flight',
    );
    expect(userLimitBlock({ limits, usage: usage(3, 30, 195), tokens: 8, nowMs: now })).toEqual({
      code: 'daily_limit',
      message: expect.stringContaining('you have 5 of your 200 daily tokens left') as unknown,
    });
  });
});

describe('waitLine and secondsUntil', () => {
  it('round partial seconds up and stop at zero', () => {
    expect(waitLine(401)).toBe('You can start another generation in 7 minutes');
    expect(waitLine(0.2)).toBe('You can start another generation in 1 second');
    expect(secondsUntil(now + 1500, now)).toBe(2);
    expect(secondsUntil(now - 1, now)).toBe(0);
  });
});

describe('shortfallOf', () => {
  it('says what the balance lacks in core’s words, and nothing while it covers the job or is unknown', () => {
    expect(shortfallOf(3, { tokens: 8, microUsd: 0 })).toMatch(/This needs 8 tokens and you have 3/);
    expect(shortfallOf(8, { tokens: 8, microUsd: 0 })).toBeNull();
    expect(shortfallOf(null, { tokens: 8, microUsd: 0 })).toBeNull();
  });
});
