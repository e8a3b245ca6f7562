import { describe, expect, it } from 'vitest';
import type { AccountUsage } from './documents.ts';
import { defaultLimits } from './limits.ts';
import { assertWithinUserLimits, tokensToday, usageAfterAccept, usageAfterRefund } from './user-limits.ts';

const lateNov30 = Date.parse('2026-11-30T23:59:59.999Z');
const dec1 = Date.parse('2026-12-01T00:00:00.000Z');
const limits = { ...defaultLimits, perUserDailyTokens: 20 };
const spent18: AccountUsage = { recentAcceptsMs: [], day: '2026-11-30', dayTokens: 18 };

const check = (usage: AccountUsage | undefined, tokens: number, nowMs: number) =>
  assertWithinUserLimits({ usage, tokens, limits, nowMs });

describe('the daily token cap', () => {
  it('takes a job that reaches the cap exactly and refuses one token more', () => {
    expect(() => check(spent18, 2, lateNov30)).not.toThrow();
    expect(() => check(spent18, 3, lateNov30)).toThrow(
      expect.objectContaining({
        code: 'daily_limit',
        extra: { tokensLeftToday: 2 },
        message:
          'This needs 3 tokens and you have 2 of your 20 daily tokens left. The limit resets at midnight UTC.',
      }),
    );
  });

  it('starts a new UTC day at zero', () => {
    expect(tokensToday(spent18, lateNov30)).toBe(18);
    expect(tokensToday(spent18, dec1)).toBe(0);
    expect(() => check(spent18, 20, dec1)).not.toThrow();
  });

  it('never says a negative number of tokens are left after the cap was lowered', () => {
    const over: AccountUsage = { recentAcceptsMs: [], day: '2026-11-30', dayTokens: 30 };
    expect(() => check(over, 1, lateNov30)).toThrow(
      expect.objectContaining({ extra: { tokensLeftToday: 0 } }),
    );
  });

  it('counts accepts into the day and restarts the count on a new day', () => {
    const today = usageAfterAccept(spent18, lateNov30, 2, 10, 'j1');
    expect(today).toMatchObject({ day: '2026-11-30', dayTokens: 20 });
    expect(usageAfterAccept(today, dec1, 4, 10, 'j2')).toMatchObject({ day: '2026-12-01', dayTokens: 4 });
  });
});

describe('usageAfterRefund', () => {
  it('gives the tokens of a job refunded the day it was accepted back to the day', () => {
    expect(usageAfterRefund(spent18, 'j1', lateNov30 - 1000, lateNov30, 8)).toEqual({
      ...spent18,
      dayTokens: 10,
      inFlightJobIds: [],
    });
    expect(usageAfterRefund(spent18, 'j1', lateNov30, lateNov30, 50)).toEqual({
      ...spent18,
      dayTokens: 0,
      inFlightJobIds: [],
    });
  });

  it("leaves today alone for a refund of yesterday's job", () => {
    const dec1Usage: AccountUsage = { recentAcceptsMs: [], day: '2026-12-01', dayTokens: 6 };
    expect(usageAfterRefund(dec1Usage, 'j1', lateNov30, dec1 + 1000, 4)).toEqual({
      ...dec1Usage,
      inFlightJobIds: [],
    });
  });

  it('leaves a stale day alone, and an account with no usage', () => {
    expect(usageAfterRefund(spent18, 'j1', lateNov30, dec1, 4)).toEqual({ ...spent18, inFlightJobIds: [] });
    expect(usageAfterRefund(undefined, 'j1', dec1, dec1, 4)).toBeUndefined();
  });
});
