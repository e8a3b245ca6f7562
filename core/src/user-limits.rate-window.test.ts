import { describe, expect, it } from 'vitest';
import type { AccountUsage } from './documents.ts';
import { PhoenixError } from './errors.ts';
import { defaultLimits } from './limits.ts';
import {
  acceptsInWindow,
  assertWithinUserLimits,
  rateWindowMs,
  usageAfterAccept,
  usageView,
  waitPhrase,
} from './user-limits.ts';

const t0 = Date.parse('2026-11-30T10:00:00Z');
const minute = 60_000;
const limits = defaultLimits;

/** Ten accepts: the first at t0, then one a minute from t0 + 10 min. */
function tenAccepts(): AccountUsage {
  return {
    recentAcceptsMs: [t0, ...Array.from({ length: 9 }, (_, i) => t0 + (10 + i) * minute)],
    day: '2026-11-30',
    dayTokens: 20,
  };
}

function refusal(run: () => void): PhoenixError {
  try {
    run();
  } catch (error) {
    if (error instanceof PhoenixError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** `usage` with `inFlight` jobs queued or running. */
const withInFlight = (usage: AccountUsage | undefined, inFlight: number): AccountUsage => ({
  ...(usage ?? { recentAcceptsMs: [], day: '', dayTokens: 0 }),
  inFlightJobIds: Array.from({ length: inFlight }, (_, index) => `job${index}`),
});
const check = (usage: AccountUsage | undefined, nowMs: number, inFlight = 0) =>
  assertWithinUserLimits({ usage: withInFlight(usage, inFlight), tokens: 2, limits, nowMs });

describe('the rolling-hour rate limit', () => {
  it('lets the 10th accept of the hour through', () => {
    const nine = { ...tenAccepts(), recentAcceptsMs: tenAccepts().recentAcceptsMs.slice(0, 9) };
    expect(() => check(nine, t0 + 53 * minute)).not.toThrow();
  });

  it('refuses the 11th with an honest retryAfterSeconds and says when in minutes', () => {
    const error = refusal(() => check(tenAccepts(), t0 + 53 * minute));
    expect(error.code).toBe('rate_limited');
    expect(error.httpsCode).toBe('resource-exhausted');
    expect(error.extra).toEqual({ retryAfterSeconds: 420 });
    expect(error.message).toContain('You can start another generation in 7 minutes');
    expect(error.message).toBe(
      'You have started 10 generations in the last hour. You can start another generation in 7 minutes.',
    );
  });

  it('rounds the wait up to the next second and the next minute', () => {
    const error = refusal(() => check(tenAccepts(), t0 + 53 * minute + 500));
    expect(error.extra.retryAfterSeconds).toBe(420);
    const later = refusal(() => check(tenAccepts(), t0 + 59 * minute + 15_000));
    expect(later.extra.retryAfterSeconds).toBe(45);
    expect(later.message).toContain('in 45 seconds');
  });

  it('forgets an accept exactly one hour old, so the next one fits then', () => {
    expect(() => check(tenAccepts(), t0 + rateWindowMs - 1)).toThrow(
      expect.objectContaining({ code: 'rate_limited' }),
    );
    expect(() => check(tenAccepts(), t0 + rateWindowMs)).not.toThrow();
    expect(acceptsInWindow(tenAccepts(), t0 + rateWindowMs)).toHaveLength(9);
  });

  it('waits for the accept that frees a slot when the list holds more than the limit (a lowered limit)', () => {
    const lowered = { ...limits, rateLimitPerHour: 3 };
    const error = refusal(() =>
      assertWithinUserLimits({
        usage: tenAccepts(),
        tokens: 2,
        limits: lowered,
        nowMs: t0 + 20 * minute,
      }),
    );
    // Accepts at +16, +17 and +18 min fill the 3; the one at +16 leaves at +76 min, 56 min from now.
    expect(error.extra.retryAfterSeconds).toBe(56 * 60);
  });

  it('says generations are off when the limit is 0', () => {
    const error = refusal(() =>
      assertWithinUserLimits({
        usage: undefined,
        tokens: 1,
        limits: { ...limits, rateLimitPerHour: 0 },
        nowMs: t0,
      }),
    );
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe('Generations are turned off for now. Try again later.');
    expect(error.extra.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('reads out-of-order accepts oldest first', () => {
    expect(
      acceptsInWindow({ recentAcceptsMs: [t0 + 3, t0 + 1, t0 + 2], day: '', dayTokens: 0 }, t0 + 10),
    ).toEqual([t0 + 1, t0 + 2, t0 + 3]);
  });
});

describe('the in-flight cap', () => {
  it('refuses a 5th job while 4 are queued or running, and takes it at 3', () => {
    const error = refusal(() => check(undefined, t0, 4));
    expect(error.code).toBe('too_many_in_flight');
    expect(error.extra).toEqual({ inFlight: 4, limit: 4 });
    expect(error.message).toContain('You already have 4 jobs queued or running');
    expect(() => check(undefined, t0, 3)).not.toThrow();
  });

  it('checks the hourly limit before the in-flight cap', () => {
    expect(refusal(() => check(tenAccepts(), t0 + 53 * minute, 4)).code).toBe('rate_limited');
  });
});

describe('usageAfterAccept', () => {
  it('adds the accept and keeps only the last rateLimitPerHour accepts of the hour', () => {
    const after = usageAfterAccept(tenAccepts(), t0 + 65 * minute, 2, 10, 'j1');
    // t0 left the window; the nine later ones stay, then the new one.
    expect(after.recentAcceptsMs).toEqual([...tenAccepts().recentAcceptsMs.slice(1), t0 + 65 * minute]);
    expect(usageAfterAccept(tenAccepts(), t0 + 30 * minute, 2, 3, 'j1').recentAcceptsMs).toEqual([
      t0 + 17 * minute,
      t0 + 18 * minute,
      t0 + 30 * minute,
    ]);
  });

  it('keeps one accept even under a limit of 0, and starts from an account with no usage', () => {
    expect(usageAfterAccept(undefined, t0, 4, 0, 'j1')).toEqual({
      recentAcceptsMs: [t0],
      day: '2026-11-30',
      dayTokens: 4,
      inFlightJobIds: ['j1'],
    });
  });

  it('makes the 11th refusal follow from ten accepts recorded one by one', () => {
    let usage: AccountUsage | undefined;
    for (let i = 0; i < 10; i++) {
      const at = t0 + i * 5 * minute;
      check(usage, at);
      usage = usageAfterAccept(usage, at, 2, limits.rateLimitPerHour, `j${i}`);
    }
    const error = refusal(() => check(usage, t0 + 53 * minute));
    expect(error.extra.retryAfterSeconds).toBe(7 * 60);
  });
});

describe('usageView', () => {
  it('shows "3 of 10 this hour" and the tokens spent today', () => {
    const usage: AccountUsage = {
      recentAcceptsMs: [t0 - 2 * rateWindowMs, t0 - 1, t0, t0 + 1],
      day: '2026-11-30',
      dayTokens: 12,
    };
    expect(usageView(usage, limits, t0 + 2)).toEqual({
      thisHour: 3,
      rateLimitPerHour: 10,
      tokensToday: 12,
      perUserDailyTokens: 200,
      nextFreeInSeconds: 0,
    });
  });

  it('says when the next generation fits once the hour is full', () => {
    expect(usageView(tenAccepts(), limits, t0 + 53 * minute).nextFreeInSeconds).toBe(420);
    expect(usageView(undefined, limits, t0)).toMatchObject({
      thisHour: 0,
      tokensToday: 0,
      nextFreeInSeconds: 0,
    });
  });
});

describe('waitPhrase', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [420, '7 minutes'],
  ])('%i s reads "%s"', (seconds, phrase) => {
    expect(waitPhrase(seconds)).toBe(phrase);
  });
});
