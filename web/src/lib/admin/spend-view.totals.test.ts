import { defaultLimits, type Limits } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { formatPercent, periodDays, spendView, type ShardData } from './spend-view.ts';

const limits: Limits = { ...defaultLimits, monthlyUsdCap: 10, alertThresholds: [1, 0.8] };
const dec3 = Date.parse('2026-12-03T15:00:00Z');

describe('the overview spend view', () => {
  it('sums reserved and settled over every shard and leaves the rest of the cap', () => {
    const shards: ShardData[] = [
      { reservedMicroUsd: 100_000, settledMicroUsd: 2_000_000, days: {} },
      { reservedMicroUsd: 50_000, settledMicroUsd: 1_000_000, days: {} },
      {},
    ];
    const view = spendView('2026-12', shards, limits, dec3);
    expect(view.capMicroUsd).toBe(10_000_000);
    expect(view.reservedMicroUsd).toBe(150_000);
    expect(view.settledMicroUsd).toBe(3_000_000);
    expect(view.remainingMicroUsd).toBe(6_850_000);
    expect(view.usedFraction).toBeCloseTo(0.315);
  });

  it('never shows a negative remainder when the cap is lowered below spend', () => {
    const view = spendView('2026-12', [{ reservedMicroUsd: 0, settledMicroUsd: 12_000_000 }], limits, dec3);
    expect(view.remainingMicroUsd).toBe(0);
    expect(view.usedFraction).toBeCloseTo(1.2);
  });

  it('lays days out from the 1st to today, with a running total across shards', () => {
    const shards: ShardData[] = [
      { days: { '2026-12-01': { settledMicroUsd: 100, outputs: { 'gemini-2.5-flash-image': 2 } } } },
      {
        days: {
          '2026-12-01': { settledMicroUsd: 50, outputs: { 'gemini-2.5-flash-image': 1 } },
          '2026-12-03': { settledMicroUsd: 25, outputs: { 'gemini-3.1-flash-image': 4 } },
        },
      },
    ];
    const view = spendView('2026-12', shards, limits, dec3);
    expect(view.days).toEqual([
      { day: '2026-12-01', settledMicroUsd: 150, cumulativeMicroUsd: 150 },
      { day: '2026-12-02', settledMicroUsd: 0, cumulativeMicroUsd: 150 },
      { day: '2026-12-03', settledMicroUsd: 25, cumulativeMicroUsd: 175 },
    ]);
    expect(view.models).toEqual([
      { modelId: 'gemini-2.5-flash-image', label: 'Gemini 2.5 Flash Image', outputs: [3, 0, 0] },
      { modelId: 'gemini-3.1-flash-image', label: 'Gemini 3.1 Flash Image', outputs: [0, 0, 4] },
    ]);
  });

  it('draws each threshold at its share of the cap, lowest first', () => {
    const view = spendView('2026-12', [], limits, dec3);
    expect(view.thresholds).toEqual([
      { threshold: 0.8, microUsd: 8_000_000 },
      { threshold: 1, microUsd: 10_000_000 },
    ]);
  });

  it('shows a whole past month, and February at its length', () => {
    expect(periodDays('2026-02', dec3)).toHaveLength(28);
    expect(periodDays('2028-02', Date.parse('2028-03-01T00:00:00Z'))).toHaveLength(29);
    expect(periodDays('2027-01', dec3)).toEqual([]);
  });

  it('writes fractions as percentages', () => {
    expect(formatPercent(0.8)).toBe('80%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.125)).toBe('12.5%');
  });
});
