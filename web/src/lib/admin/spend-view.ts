/**
 * The overview's figures, from the month's spend shards and the limits, as
 * the cards, charts and alert list show them. Pure: the totals come from
 * core (`sumShards`, `spendSummary`, `capMicroUsd`), so the console adds up
 * spend exactly as the accept transaction does.
 */
import {
  capMicroUsd,
  imageModelLabel,
  spendSummary,
  sumShards,
  type Limits,
  type SpendShardDoc,
} from '@phoenix/core';

export interface SpendDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Settled that day, in micro-USD. */
  settledMicroUsd: number;
  /** Settled from the 1st of the month to the end of that day, in micro-USD. */
  cumulativeMicroUsd: number;
}

export interface ModelSeries {
  modelId: string;
  label: string;
  /** Outputs per day, aligned with {@link SpendView.days}. */
  outputs: number[];
}

export interface SpendView {
  period: string;
  capMicroUsd: number;
  reservedMicroUsd: number;
  settledMicroUsd: number;
  remainingMicroUsd: number;
  /** Reserved + settled as a fraction of the cap; 1 when the cap is 0 and anything is used. */
  usedFraction: number;
  /** Every day of the period up to today (all of it for a past month). */
  days: SpendDay[];
  /** Every day of the period's month: the spend chart's axis, so the cap reads as a line across it. */
  monthDays: string[];
  /** Where each alert fires, in micro-USD: threshold × cap. */
  thresholds: { threshold: number; microUsd: number }[];
  /** Outputs per model per day, models with none left out. */
  models: ModelSeries[];
}

/** A shard document as read; any field may be missing on a shard never written. */
export type ShardData = Partial<SpendShardDoc>;

/** Every day of `period` (`YYYY-MM`), as `YYYY-MM-DD`. */
export function monthDays(period: string): string[] {
  const [year = 1970, month = 1] = period.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length: lastDay }, (_, index) => `${period}-${String(index + 1).padStart(2, '0')}`);
}

/** Days of `period` from the 1st up to the UTC day of `nowMs`, or to the month's end. */
export function periodDays(period: string, nowMs: number): string[] {
  const today = new Date(nowMs).toISOString().slice(0, 10);
  return monthDays(period).filter((day) => day <= today);
}

const whole = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function spendView(period: string, shards: ShardData[], limits: Limits, nowMs: number): SpendView {
  const cap = capMicroUsd(limits);
  const totals = sumShards(
    shards.map((shard) => ({
      reservedMicroUsd: whole(shard.reservedMicroUsd),
      settledMicroUsd: whole(shard.settledMicroUsd),
    })),
  );
  const summary = spendSummary(period, cap, totals, []);
  const used = totals.reservedMicroUsd + totals.settledMicroUsd;

  const dayKeys = periodDays(period, nowMs);
  const settledByDay = new Map<string, number>();
  const outputsByModel = new Map<string, Map<string, number>>();
  for (const shard of shards) {
    for (const [day, entry] of Object.entries(shard.days ?? {})) {
      settledByDay.set(day, (settledByDay.get(day) ?? 0) + whole(entry?.settledMicroUsd));
      for (const [model, count] of Object.entries(entry?.outputs ?? {})) {
        const perDay = outputsByModel.get(model) ?? new Map<string, number>();
        perDay.set(day, (perDay.get(day) ?? 0) + whole(count));
        outputsByModel.set(model, perDay);
      }
    }
  }

  let running = 0;
  const days = dayKeys.map((day) => {
    const settled = settledByDay.get(day) ?? 0;
    running += settled;
    return { day, settledMicroUsd: settled, cumulativeMicroUsd: running };
  });

  const models = [...outputsByModel]
    .map(([modelId, perDay]) => ({
      modelId,
      label: imageModelLabel(modelId),
      outputs: dayKeys.map((day) => perDay.get(day) ?? 0),
    }))
    .filter((series) => series.outputs.some((count) => count > 0))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));

  return {
    period,
    capMicroUsd: cap,
    reservedMicroUsd: summary.reservedMicroUsd,
    settledMicroUsd: summary.settledMicroUsd,
    remainingMicroUsd: summary.remainingMicroUsd,
    usedFraction: cap > 0 ? used / cap : used > 0 ? 1 : 0,
    days,
    monthDays: monthDays(period),
    thresholds: [...limits.alertThresholds]
      .sort((a, b) => a - b)
      .map((threshold) => ({ threshold, microUsd: Math.round(cap * threshold) })),
    models,
  };
}

/** `80%`, `100%`, `12.5%`: a fraction for people. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

/** `1 Dec`: a period day on a chart axis. */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}
