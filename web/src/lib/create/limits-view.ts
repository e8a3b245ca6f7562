/**
 * What the create form says about the limits before anyone hits them: "3 of
 * 10 this hour", "12 of 200 tokens today", how long until the hour frees a
 * slot, and what the budget's level does to this request. Every number and
 * rule comes from core (`usageView`, `assertWithinUserLimits`,
 * `degradedModel`); this only picks the words. Pure, so the clock is an
 * argument: the form recomputes it each second from data it already holds,
 * and nothing here asks a server.
 */
import {
  assertAffordable,
  assertWithinUserLimits,
  currentBudgetLevel,
  defaultLimits,
  degradedModel,
  imageModelLabel,
  PhoenixError,
  publicLimits,
  quoteImageJob,
  spendPeriod,
  usageView,
  waitPhrase,
  type AccountUsage,
  type AspectRatio,
  type Catalogue,
  type ErrorCode,
  type ImageModel,
  type ImageRequest,
  type ImageSize,
  type PublicLimits,
  type Quote,
} from '@phoenix/core';

/**
 * The limits to show while `config/public` has not been written: the
 * defaults the server applies to a missing document, with the budget `ok`.
 */
export function fallbackPublicLimits(nowMs: number): PublicLimits {
  return publicLimits(defaultLimits, { period: spendPeriod(nowMs), level: 'ok' });
}

export interface UsageLines {
  /** "3 of 10 this hour". */
  hour: string;
  /** "12 of 200 tokens today". */
  today: string;
  /** "You can start another generation in 7 minutes" while the hour is full, else null. */
  wait: string | null;
}

export function usageLines(limits: PublicLimits, usage: AccountUsage | undefined, nowMs: number): UsageLines {
  const view = usageView(usage, limits, nowMs);
  return {
    hour: `${view.thisHour} of ${view.rateLimitPerHour} this hour`,
    today: `${view.tokensToday} of ${view.perUserDailyTokens} tokens today`,
    wait: view.nextFreeInSeconds > 0 ? waitLine(view.nextFreeInSeconds) : null,
  };
}

/** The countdown's words, also used for a server's `retryAfterSeconds`. */
export function waitLine(seconds: number): string {
  return `You can start another generation in ${waitPhrase(Math.max(1, Math.ceil(seconds)))}`;
}

/** Seconds left until `untilMs`, rounded up; 0 once it has passed. */
export function secondsUntil(untilMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((untilMs - nowMs) / 1000));
}

/** Why `balance` does not cover `quote`, in core's words (as the server says it), or null when it does or either is unknown. */
export function shortfallOf(
  balance: number | null,
  quote: Quote | null,
  kind: 'image' | 'video' = 'image',
): string | null {
  if (balance === null || quote === null) return null;
  try {
    assertAffordable(balance, quote, kind);
    return null;
  } catch (error) {
    if (error instanceof PhoenixError) return error.message;
    throw error;
  }
}

/** Which of the user's own limits stops this request now, in core's words, or null. */
export interface LimitBlock {
  code: ErrorCode;
  message: string;
}

/**
 * Runs core's own check of the per-user limits on the account's usage (which
 * also holds the jobs in flight), so the form refuses what the server would,
 * with the same message.
 */
export function userLimitBlock(input: {
  limits: PublicLimits;
  usage: AccountUsage | undefined;
  tokens: number | null;
  nowMs: number;
}): LimitBlock | null {
  try {
    assertWithinUserLimits({ ...input, tokens: input.tokens ?? 0 });
    return null;
  } catch (error) {
    if (error instanceof PhoenixError) return { code: error.code, message: error.message };
    throw error;
  }
}

/** The message a spent budget shows beside a Generate that cannot be pressed. */
export const BUDGET_EXHAUSTED_MESSAGE = "Phoenix has reached this month's budget; generation is paused.";

export type BudgetNotice =
  | { kind: 'ok' }
  /** The job would run on `model`, at `quote`, instead of the asked one. */
  | { kind: 'degraded'; model: ImageModel; quote: Quote | null; message: string }
  | { kind: 'exhausted'; message: string };

/**
 * What the budget's level means for this request: nothing, a cheaper model
 * (core's `degradedModel`, the same choice the server makes), or a pause. A
 * level stored for another month reads as `ok`, as on the server.
 */
export function budgetNotice(
  limits: PublicLimits,
  catalogue: Catalogue,
  request: { model: string; aspectRatio: AspectRatio; imageSize: ImageSize; count: number },
  nowMs: number,
): BudgetNotice {
  const level = currentBudgetLevel(limits.budget, spendPeriod(nowMs));
  if (level === 'exhausted') return { kind: 'exhausted', message: BUDGET_EXHAUSTED_MESSAGE };
  if (level !== 'degraded') return { kind: 'ok' };
  const model = degradedModel(catalogue, request);
  if (!model) return { kind: 'ok' };
  let quote: Quote | null = null;
  try {
    quote = quoteImageJob({ ...request, model: model.id as ImageRequest['model'] }, catalogue);
  } catch {
    // A cheaper model always prices its own size; if not, the server's quote decides.
  }
  return {
    kind: 'degraded',
    model,
    quote,
    message: `Budget nearly reached: using the cheaper model (${model.label})`,
  };
}

/** The note on a job that ran on a cheaper model than the one asked for, or null. */
export function degradedJobNote(job: {
  params: { model: string };
  degradedFrom?: string | null;
}): string | null {
  if (!job.degradedFrom || job.degradedFrom === job.params.model) return null;
  return `Made with ${imageModelLabel(job.params.model)} instead of ${imageModelLabel(job.degradedFrom)}: the budget was nearly reached.`;
}

/** Everything the foot of the form shows about limits and the budget, for one tick of the clock. */
export interface LimitsPanel {
  /** "3 of 10 this hour · 12 of 200 tokens today"; null while the limits are unknown. */
  usage: string | null;
  /** The degrade notice, or null. */
  degraded: string | null;
  /** What the job would cost: the cheaper model's quote while degraded, else the asked one. */
  quote: Quote | null;
  /** What stops Generate now (the budget, a limit, a server's wait), or null. */
  blocked: string | null;
}

/**
 * The form's limits panel. `retryUntilMs` is when a server's `rate_limited`
 * refusal said to come back (its `retryAfterSeconds` from the refusal's
 * time); until then its countdown wins over the local count, which may not
 * have caught up yet.
 */
export function limitsPanel(input: {
  limits: PublicLimits | null;
  catalogue: Catalogue;
  request: { model: string; aspectRatio: AspectRatio; imageSize: ImageSize; count: number };
  askedQuote: Quote | null;
  usage: AccountUsage | undefined;
  retryUntilMs: number | null;
  nowMs: number;
}): LimitsPanel {
  const { limits, nowMs, askedQuote } = input;
  const serverWait = input.retryUntilMs === null ? 0 : secondsUntil(input.retryUntilMs, nowMs);
  if (!limits) {
    return {
      usage: null,
      degraded: null,
      quote: askedQuote,
      blocked: serverWait > 0 ? `${waitLine(serverWait)}.` : null,
    };
  }
  const lines = usageLines(limits, input.usage, nowMs);
  const notice = budgetNotice(limits, input.catalogue, input.request, nowMs);
  const quote = notice.kind === 'degraded' ? (notice.quote ?? askedQuote) : askedQuote;
  const block = userLimitBlock({
    limits,
    usage: input.usage,
    tokens: quote?.tokens ?? null,
    nowMs,
  });
  return {
    usage: `${lines.hour} · ${lines.today}`,
    degraded: notice.kind === 'degraded' ? notice.message : null,
    quote,
    blocked:
      notice.kind === 'exhausted'
        ? notice.message
        : serverWait > 0
          ? `${waitLine(serverWait)}.`
          : (block?.message ?? null),
  };
}
