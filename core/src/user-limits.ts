import type { AccountUsage } from './documents.ts';
import { PhoenixError } from './errors.ts';
import type { Limits } from './limits.ts';
import { utcDay } from './spend.ts';

/** The rate limit's window: a rolling hour, in ms. */
export const rateWindowMs = 60 * 60 * 1000;

export const emptyUsage = (): AccountUsage => ({
  recentAcceptsMs: [],
  day: '',
  dayTokens: 0,
  inFlightJobIds: [],
});

/** The user's jobs still queued or running, as the account counts them. */
export function inFlightCount(usage: AccountUsage | undefined): number {
  return usage?.inFlightJobIds?.length ?? 0;
}

/** Accepts still inside the rolling hour at `nowMs`, oldest first. */
export function acceptsInWindow(usage: AccountUsage | undefined, nowMs: number): number[] {
  return (usage?.recentAcceptsMs ?? []).filter((at) => at > nowMs - rateWindowMs).sort((a, b) => a - b);
}

/** Tokens spent today (UTC) at `nowMs`; yesterday's count reads as 0. */
export function tokensToday(usage: AccountUsage | undefined, nowMs: number): number {
  return usage && usage.day === utcDay(nowMs) ? usage.dayTokens : 0;
}

/** "7 minutes", "1 minute", "45 seconds": how long to wait, rounded up. */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Refuses a new job that would pass one of the caller's limits, with the
 * code and a message that says when they can go on:
 * - `rate_limited` with `retryAfterSeconds`, when the oldest accept in the
 *   rolling hour leaves it;
 * - `too_many_in_flight`, with `inFlightPerUser` jobs already queued or running;
 * - `daily_limit`, when today's tokens plus this job's pass the daily cap.
 */
export function assertWithinUserLimits(input: {
  usage: AccountUsage | undefined;
  tokens: number;
  limits: Pick<Limits, 'rateLimitPerHour' | 'inFlightPerUser' | 'perUserDailyTokens'>;
  nowMs: number;
}): void {
  const { usage, tokens, limits, nowMs } = input;
  const inFlight = inFlightCount(usage);
  const recent = acceptsInWindow(usage, nowMs);
  if (recent.length >= limits.rateLimitPerHour) {
    // The (n − limit + 1)-th oldest must leave the window before one more fits.
    const freeingAccept = recent[recent.length - limits.rateLimitPerHour] ?? nowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((freeingAccept + rateWindowMs - nowMs) / 1000));
    throw new PhoenixError(
      'rate_limited',
      limits.rateLimitPerHour === 0
        ? 'Generations are turned off for now. Try again later.'
        : `You have started ${limits.rateLimitPerHour} generations in the last hour. You can start another generation in ${waitPhrase(retryAfterSeconds)}.`,
      undefined,
      { retryAfterSeconds },
    );
  }
  if (inFlight >= limits.inFlightPerUser) {
    throw new PhoenixError(
      'too_many_in_flight',
      `You already have ${inFlight} jobs queued or running, the most one person may have at once. Start this one when one of them finishes.`,
      undefined,
      { inFlight, limit: limits.inFlightPerUser },
    );
  }
  const spent = tokensToday(usage, nowMs);
  if (spent + tokens > limits.perUserDailyTokens) {
    const left = Math.max(0, limits.perUserDailyTokens - spent);
    throw new PhoenixError(
      'daily_limit',
      `This needs ${tokens} tokens and you have ${left} of your ${limits.perUserDailyTokens} daily tokens left. The limit resets at midnight UTC.`,
      undefined,
      { tokensLeftToday: left },
    );
  }
}

/**
 * The usage after accepting job `jobId` for `tokens` at `nowMs`: the hour's
 * list trimmed to what the limit needs, the day's tokens, and the job in flight.
 */
export function usageAfterAccept(
  usage: AccountUsage | undefined,
  nowMs: number,
  tokens: number,
  rateLimitPerHour: number,
  jobId: string,
): AccountUsage {
  const keep = Math.max(rateLimitPerHour, 1);
  return {
    recentAcceptsMs: [...acceptsInWindow(usage, nowMs), nowMs].slice(-keep),
    day: utcDay(nowMs),
    dayTokens: tokensToday(usage, nowMs) + tokens,
    inFlightJobIds: [...(usage?.inFlightJobIds ?? []).filter((id) => id !== jobId), jobId],
  };
}

/**
 * The usage after job `jobId`, accepted at `acceptedAtMs`, ends with a refund
 * of `tokens`: the job is no longer in flight, and tokens given back the same
 * UTC day are not spent, so they count against the daily cap no more. A
 * refund of yesterday's job leaves today alone.
 */
export function usageAfterRefund(
  usage: AccountUsage | undefined,
  jobId: string,
  acceptedAtMs: number,
  nowMs: number,
  tokens: number,
): AccountUsage | undefined {
  if (!usage) return usage;
  const landed = { ...usage, inFlightJobIds: (usage.inFlightJobIds ?? []).filter((id) => id !== jobId) };
  if (usage.day !== utcDay(nowMs) || utcDay(acceptedAtMs) !== usage.day) return landed;
  return { ...landed, dayTokens: Math.max(0, usage.dayTokens - tokens) };
}

/** What the create form shows before a limit is hit: "3 of 10 this hour". */
export interface UsageView {
  thisHour: number;
  rateLimitPerHour: number;
  tokensToday: number;
  perUserDailyTokens: number;
  /** Seconds until one more generation fits the hour, 0 when it fits now. */
  nextFreeInSeconds: number;
}

export function usageView(
  usage: AccountUsage | undefined,
  limits: Pick<Limits, 'rateLimitPerHour' | 'perUserDailyTokens'>,
  nowMs: number,
): UsageView {
  const recent = acceptsInWindow(usage, nowMs);
  const freeing =
    recent.length >= limits.rateLimitPerHour ? recent[recent.length - limits.rateLimitPerHour] : undefined;
  return {
    thisHour: recent.length,
    rateLimitPerHour: limits.rateLimitPerHour,
    tokensToday: tokensToday(usage, nowMs),
    perUserDailyTokens: limits.perUserDailyTokens,
    nextFreeInSeconds:
      freeing === undefined ? 0 : Math.max(1, Math.ceil((freeing + rateWindowMs - nowMs) / 1000)),
  };
}
