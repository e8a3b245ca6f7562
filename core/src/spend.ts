import type { BudgetLevel } from './limits.ts';

/**
 * The monthly budget, kept exact without a hot document.
 *
 * Design (sharded allowances with an exact slow path): the month's cap is
 * split into {@link budgetShardCount} allowances, one per shard document
 * `spend/{YYYY-MM}/shards/{i}`, each computed from the cap when it is read
 * (so a changed cap applies at once, with nothing to rewrite).
 * - Fast path: an accept reads one shard, picked at random, and reserves its
 *   estimate there if the shard's reserved + settled + estimate fits the
 *   shard's allowance. Two accepts on one shard serialize on it; on different
 *   shards they never meet, so the budget is no hot document.
 * - Exact path: when that shard is full (near the cap, or with a cap so small
 *   that one job outgrows a shard), the accept reads every shard, checks the
 *   month's whole reserved + settled + estimate against the cap, and spreads
 *   the reservation over shards with room. Having read every shard, it
 *   conflicts with any accept that writes one, so near the cap accepts
 *   serialize and the check is exact.
 * While every shard is within its allowance, the allowances (which sum to
 * the cap) bound the month, whichever path accepts. Only a lowered cap (or
 * retried model calls billing more than was reserved) can put a shard over
 * its allowance; then the budget guard's `fastPath` is turned off (by
 * `updateLimits` in the transaction that changes the cap, or by the budget
 * check) and every accept takes the exact path until a new month or a raised
 * cap turns it back on. So the month never passes the cap, however many
 * accepts race.
 *
 * The period is the UTC calendar month and is the document id, so a new
 * month starts clean without any job having to run.
 */
export const budgetShardCount = 20;

/**
 * How often the scheduled budget check runs: it catches a crossing no accept
 * looked at, retries webhook deliveries, and restores what a spent previous
 * month scaled down.
 */
export const budgetCheckSchedule = 'every 5 minutes';

export interface SpendShardDoc {
  /** Estimates of accepted jobs not yet ended, in micro-USD. */
  reservedMicroUsd: number;
  /** What ended jobs were billed, in micro-USD. */
  settledMicroUsd: number;
  /** Per UTC day (`YYYY-MM-DD`): settled spend and finished outputs per model, for the admin charts. */
  days: Record<string, { settledMicroUsd: number; outputs: Record<string, number> }>;
}

/** `spend/{YYYY-MM}`: the month's budget level and what the cap triggered. */
export interface SpendPeriodDoc {
  level: BudgetLevel;
  /** Set while the spent budget has the image service scaled down: what to restore. */
  scaledDown: { service: 'image'; previousMaxInstances: number; at: number } | null;
}

/**
 * `config/budgetGuard`: whether accepts may take the fast path this month.
 * Apart from the month's document because every accept reads it in its
 * transaction, while the budget check writes the month's level: a write
 * there would wait on every accept in flight.
 */
export interface BudgetGuardDoc {
  period: string;
  /** False while a shard is over its allowance: every accept then checks the whole month. */
  fastPath: boolean;
}

/** Whether accepts in `period` may take the fast path; a guard from another month does not hold. */
export function fastPathOpen(guard: Partial<BudgetGuardDoc> | undefined, period: string): boolean {
  return !(guard?.period === period && guard.fastPath === false);
}

/** One alert per threshold per period; its id is {@link alertId}, so a second one cannot be created. */
export interface SpendAlertDoc<Time = unknown> {
  period: string;
  threshold: number;
  /** Spend (reserved + settled) and cap when it fired, in micro-USD. */
  usedMicroUsd: number;
  capMicroUsd: number;
  at: Time;
  /** Delivery to the webhook: `pending` until it answered 2xx (`sent`), or `none` without a webhook. */
  delivery: { state: 'pending' | 'sending' | 'sent' | 'none'; attempts: number; lastError: string | null };
}

/** The UTC month of `nowMs` as `YYYY-MM`. */
export function spendPeriod(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 7);
}

/** The UTC day of `nowMs` as `YYYY-MM-DD`. */
export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** A period key is `YYYY-MM`; anything else is refused before it names a document. */
export const spendPeriodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Shard `index`'s share of the cap; the shares sum to the cap exactly. */
export function shardAllowance(capMicroUsd: number, index: number, count = budgetShardCount): number {
  return Math.floor(capMicroUsd / count) + (index < capMicroUsd % count ? 1 : 0);
}

/** Every shard once, starting at `start`: the order an accept tries them in. */
export function shardProbeOrder(start: number, count = budgetShardCount): number[] {
  return Array.from({ length: count }, (_, step) => (start + step) % count);
}

export const emptyShard = (): SpendShardDoc => ({ reservedMicroUsd: 0, settledMicroUsd: 0, days: {} });

/** Whether `estimate` fits shard `index` under the cap. */
export function shardFits(
  shard: Pick<SpendShardDoc, 'reservedMicroUsd' | 'settledMicroUsd'>,
  index: number,
  capMicroUsd: number,
  estimateMicroUsd: number,
): boolean {
  return (
    shard.reservedMicroUsd + shard.settledMicroUsd + estimateMicroUsd <= shardAllowance(capMicroUsd, index)
  );
}

/** A job's reservation on one shard; a job spread over several shards holds one share per shard. */
export interface BudgetShare {
  shard: number;
  microUsd: number;
}

/** Room left in shard `index` under its allowance; 0 when full or over. */
export function shardRoom(
  shard: Pick<SpendShardDoc, 'reservedMicroUsd' | 'settledMicroUsd'>,
  index: number,
  capMicroUsd: number,
): number {
  return Math.max(0, shardAllowance(capMicroUsd, index) - shard.reservedMicroUsd - shard.settledMicroUsd);
}

/**
 * The exact path: with every shard read (`shards[i]` is shard i), the shares
 * to reserve `estimate` on, or null when the month's reserved + settled +
 * estimate would pass the cap. Shares fill shards with room from `start` on,
 * so no shard passes its allowance.
 */
export function planSpreadReservation(
  shards: readonly Pick<SpendShardDoc, 'reservedMicroUsd' | 'settledMicroUsd'>[],
  capMicroUsd: number,
  estimateMicroUsd: number,
  start: number,
): BudgetShare[] | null {
  const totals = sumShards(shards);
  if (totals.reservedMicroUsd + totals.settledMicroUsd + estimateMicroUsd > capMicroUsd) return null;
  const shares: BudgetShare[] = [];
  let left = estimateMicroUsd;
  for (const index of shardProbeOrder(start, shards.length)) {
    if (left === 0) break;
    const take = Math.min(left, shardRoom(shards[index]!, index, capMicroUsd));
    if (take > 0) shares.push({ shard: index, microUsd: take });
    left -= take;
  }
  // Room always covers it while the month fits: the rooms sum to at least the cap less the month's spend.
  return left > 0 ? null : shares;
}

/** Whether every shard is within its allowance under `capMicroUsd`: what keeps the fast path exact. */
export function fastPathHolds(
  shards: readonly Pick<SpendShardDoc, 'reservedMicroUsd' | 'settledMicroUsd'>[],
  capMicroUsd: number,
): boolean {
  return shards.every(
    (shard, index) => shard.reservedMicroUsd + shard.settledMicroUsd <= shardAllowance(capMicroUsd, index),
  );
}

/** The shard after a reservation of `microUsd`. */
export function reserveOnShard(shard: SpendShardDoc, microUsd: number): SpendShardDoc {
  return { ...shard, reservedMicroUsd: shard.reservedMicroUsd + microUsd };
}

/**
 * What each share of an ended job settles: the job's billed spend split in
 * proportion to its shares (the last share takes the rounding), so the
 * shares' settlements sum exactly to what was billed.
 */
export function splitSettlement(shares: readonly BudgetShare[], settledMicroUsd: number): number[] {
  const reserved = shares.reduce((sum, share) => sum + share.microUsd, 0);
  const parts = shares.map((share) =>
    reserved === 0 ? 0 : Math.floor((settledMicroUsd * share.microUsd) / reserved),
  );
  let left = settledMicroUsd - parts.reduce((sum, part) => sum + part, 0);
  // The rounding remainder goes to shares with room, so while the job settles no more than it
  // reserved, no shard settles more than its share reserved (and stays within its allowance).
  for (let position = 0; position < parts.length && left > 0; position++) {
    const given = Math.min(left, shares[position]!.microUsd - parts[position]!);
    parts[position]! += given;
    left -= given;
  }
  // Billed past the reservation (a retried call is paid again): the excess rides on the last share.
  if (left > 0 && parts.length > 0) parts[parts.length - 1]! += left;
  return parts;
}

/**
 * The shard after one share of a job ends: its reservation released and its
 * part of what was billed settled, counted on `day` with the outputs it
 * delivered (`outputs`, counted on the job's first share only).
 */
export function settleOnShard(
  shard: SpendShardDoc,
  settlement: {
    reservedMicroUsd: number;
    settledMicroUsd: number;
    day: string;
    model: string;
    outputs: number;
  },
): SpendShardDoc {
  const today = shard.days[settlement.day] ?? { settledMicroUsd: 0, outputs: {} };
  return {
    reservedMicroUsd: Math.max(0, shard.reservedMicroUsd - settlement.reservedMicroUsd),
    settledMicroUsd: shard.settledMicroUsd + settlement.settledMicroUsd,
    days: {
      ...shard.days,
      [settlement.day]: {
        settledMicroUsd: today.settledMicroUsd + settlement.settledMicroUsd,
        outputs:
          settlement.outputs > 0
            ? {
                ...today.outputs,
                [settlement.model]: (today.outputs[settlement.model] ?? 0) + settlement.outputs,
              }
            : today.outputs,
      },
    },
  };
}

export interface SpendTotals {
  reservedMicroUsd: number;
  settledMicroUsd: number;
}

export function sumShards(
  shards: Iterable<Pick<SpendShardDoc, 'reservedMicroUsd' | 'settledMicroUsd'>>,
): SpendTotals {
  let reservedMicroUsd = 0;
  let settledMicroUsd = 0;
  for (const shard of shards) {
    reservedMicroUsd += shard.reservedMicroUsd;
    settledMicroUsd += shard.settledMicroUsd;
  }
  return { reservedMicroUsd, settledMicroUsd };
}

/** The level spend puts the budget at: exhausted at the cap, degraded from `degradeAt` of it. */
export function budgetLevel(usedMicroUsd: number, capMicroUsd: number, degradeAt: number): BudgetLevel {
  if (usedMicroUsd >= capMicroUsd) return 'exhausted';
  if (usedMicroUsd >= capMicroUsd * degradeAt) return 'degraded';
  return 'ok';
}

/**
 * Whether an accept should look at the whole month, given how full the
 * shards it saw are (`fullness`, a fraction of their allowances). The month
 * can only have reached a fraction of the cap if some shard has reached that
 * fraction of its allowance, so accepts on emptier shards skip the read of
 * every shard. A crossing made on a quieter shard is seen by the next accept
 * on a fuller one, or by the scheduled check.
 */
export function shouldCheckBudget(fullness: number, lowestFraction: number): boolean {
  return fullness >= lowestFraction;
}

/** The thresholds spend has reached, each once: those already fired are left out. */
export function reachedThresholds(
  usedMicroUsd: number,
  capMicroUsd: number,
  thresholds: readonly number[],
  fired: ReadonlySet<number>,
): number[] {
  return thresholds.filter((threshold) => !fired.has(threshold) && usedMicroUsd >= capMicroUsd * threshold);
}

/** An alert's document id: the threshold in thousandths, so 0.8 and 1 are `t800` and `t1000`. */
export function alertId(threshold: number): string {
  return `t${Math.round(threshold * 1000)}`;
}

/** `getSpendSummary`'s answer. */
export interface SpendSummary {
  period: string;
  capMicroUsd: number;
  reservedMicroUsd: number;
  settledMicroUsd: number;
  /** Never negative: a cap lowered below spend leaves 0. */
  remainingMicroUsd: number;
  alerts: { threshold: number; at: number }[];
}

export function spendSummary(
  period: string,
  capMicroUsd: number,
  totals: SpendTotals,
  alerts: { threshold: number; at: number }[],
): SpendSummary {
  const used = totals.reservedMicroUsd + totals.settledMicroUsd;
  return {
    period,
    capMicroUsd,
    ...totals,
    remainingMicroUsd: Math.max(0, capMicroUsd - used),
    alerts: [...alerts].sort((a, b) => a.threshold - b.threshold),
  };
}

/** USD from micro-dollars, for people: `$1,234.57`. */
export function formatMicroUsd(microUsd: number): string {
  return (microUsd / 1_000_000).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
}

/** The Slack-compatible body POSTed to the alert webhook. */
export function alertWebhookBody(
  alert: Pick<SpendAlertDoc, 'period' | 'threshold' | 'usedMicroUsd' | 'capMicroUsd'>,
): {
  text: string;
} {
  const percent = Math.round(alert.threshold * 100);
  return {
    text:
      `Phoenix budget alert: ${alert.period} spend reached ${percent}% of the cap ` +
      `(${formatMicroUsd(alert.usedMicroUsd)} of ${formatMicroUsd(alert.capMicroUsd)}).` +
      (alert.threshold >= 1
        ? ' New jobs are refused, video is paused and the image service is scaled down.'
        : ''),
  };
}
