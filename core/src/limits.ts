import { z } from 'zod';

/**
 * The admin-set limits (`config/limits`), as data with documented defaults.
 * Only admins read the document itself; the web reads {@link PublicLimits},
 * a projection without the budget or the webhook.
 */
export interface Limits {
  /** The most Vertex AI may cost in one UTC calendar month, in USD (default 500). 0 stops all new work. */
  monthlyUsdCap: number;
  /** Tokens one user may spend per UTC day (default 200). */
  perUserDailyTokens: number;
  /** Generations one user may start per rolling hour (default 10). */
  rateLimitPerHour: number;
  /** Jobs one user may have queued or running at once (default 4), so one user cannot hold every slot. */
  inFlightPerUser: number;
  /** Fractions of the cap that raise an alert when spend first reaches them (default 0.8 and 1.0). */
  alertThresholds: number[];
  /** From this fraction of the cap (default 0.9), new image jobs run on the cheapest enabled model. */
  degradeAt: number;
  /** An admin's pause of video; the budget also pauses video at the cap. */
  videoPaused: boolean;
  /** Where alerts are POSTed as Slack-compatible JSON; null sends none (default). */
  alertWebhookUrl: string | null;
  /** The image service's max instances while the budget is spent (default 1). */
  atCapMaxInstances: number;
}

/**
 * Accept transactions one function instance runs at once (default 16); more
 * wait their turn in memory. A burst then queues instead of contending on
 * accounts and budget shards until transactions time out.
 */
export const acceptTransactionsPerInstance = 16;

export const defaultLimits: Limits = {
  monthlyUsdCap: 500,
  perUserDailyTokens: 200,
  rateLimitPerHour: 10,
  inFlightPerUser: 4,
  alertThresholds: [0.8, 1],
  degradeAt: 0.9,
  videoPaused: false,
  alertWebhookUrl: null,
  atCapMaxInstances: 1,
};

const fraction = (field: string) =>
  z
    .number(`${field} must be a number.`)
    .gt(0, `${field} must be above 0.`)
    .max(1, `${field} must be at most 1 (the whole cap).`);

const wholeAtLeast = (field: string, min: number, max: number) =>
  z
    .number(`${field} must be a number.`)
    .int(`${field} must be a whole number.`)
    .min(min, `${field} must be at least ${min}.`)
    .max(max, `${field} must be at most ${max}.`);

export const limitsSchema = z
  .object({
    monthlyUsdCap: z
      .number('monthlyUsdCap must be a number of US dollars.')
      .min(0, 'monthlyUsdCap cannot be negative.')
      .max(10_000_000, 'monthlyUsdCap must be at most 10,000,000.'),
    perUserDailyTokens: wholeAtLeast('perUserDailyTokens', 0, 1_000_000),
    rateLimitPerHour: wholeAtLeast('rateLimitPerHour', 0, 10_000),
    inFlightPerUser: wholeAtLeast('inFlightPerUser', 1, 100),
    alertThresholds: z
      .array(fraction('Each alert threshold'), 'alertThresholds must be a list of fractions.')
      .max(10, 'Keep to 10 alert thresholds.')
      .refine((list) => new Set(list).size === list.length, 'alertThresholds must not repeat.')
      .transform((list) => [...list].sort((a, b) => a - b)),
    degradeAt: fraction('degradeAt'),
    videoPaused: z.boolean('videoPaused must be true or false.'),
    alertWebhookUrl: z
      .url({ message: 'alertWebhookUrl must be an http(s) URL.', protocol: /^https?$/ })
      .max(2000, 'alertWebhookUrl is too long.')
      .nullable(),
    // At least 1: Cloud Run reads a max of 0 as no limit at all.
    atCapMaxInstances: wholeAtLeast('atCapMaxInstances', 1, 1000),
  })
  .strict();

/** `updateLimits` takes any subset of the fields; at least one. */
export const updateLimitsRequestSchema = limitsSchema
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Say which limit to change.');
export type LimitsPatch = z.output<typeof updateLimitsRequestSchema>;

/** The stored limits over the defaults, so a field added later reads as its default. */
export function limitsFrom(stored: Partial<Limits> | undefined): Limits {
  return { ...defaultLimits, ...stored };
}

/** The monthly cap in micro-dollars, the unit every budget sum is kept in. */
export function capMicroUsd(limits: Pick<Limits, 'monthlyUsdCap'>): number {
  return Math.round(limits.monthlyUsdCap * 1_000_000);
}

/**
 * The budget's state for the UI, which never sees the figures: `ok`,
 * `degraded` (pricier image models run on the cheapest), `exhausted`
 * (new jobs refused, video paused).
 */
export type BudgetLevel = 'ok' | 'degraded' | 'exhausted';

/** What every signed-in user may read of the limits (`config/public`). */
export interface PublicLimits {
  rateLimitPerHour: number;
  inFlightPerUser: number;
  perUserDailyTokens: number;
  /** True while an admin or the spent budget pauses video. */
  videoPaused: boolean;
  /** The budget's level in `period`; a stored period other than the current one reads as `ok`. */
  budget: { period: string; level: BudgetLevel };
}

export function publicLimits(limits: Limits, budget: { period: string; level: BudgetLevel }): PublicLimits {
  return {
    rateLimitPerHour: limits.rateLimitPerHour,
    inFlightPerUser: limits.inFlightPerUser,
    perUserDailyTokens: limits.perUserDailyTokens,
    videoPaused: limits.videoPaused || budget.level === 'exhausted',
    budget,
  };
}

/** The budget level to act on now: a level stored for another month is stale, and a new month starts clean. */
export function currentBudgetLevel(
  stored: { period: string; level: BudgetLevel } | undefined,
  period: string,
): BudgetLevel {
  return stored && stored.period === period ? stored.level : 'ok';
}
