import { describe, expect, it } from 'vitest';
import {
  alertId,
  alertWebhookBody,
  budgetLevel,
  reachedThresholds,
  shouldCheckBudget,
  spendPeriod,
  spendPeriodPattern,
  spendSummary,
  utcDay,
} from './spend.ts';

const cap = 10_000_000; // $10

describe('budgetLevel', () => {
  it('is ok below degradeAt, degraded from exactly degradeAt, exhausted from exactly the cap', () => {
    expect(budgetLevel(8_999_999, cap, 0.9)).toBe('ok');
    expect(budgetLevel(9_000_000, cap, 0.9)).toBe('degraded');
    expect(budgetLevel(9_999_999, cap, 0.9)).toBe('degraded');
    expect(budgetLevel(10_000_000, cap, 0.9)).toBe('exhausted');
    expect(budgetLevel(12_000_000, cap, 0.9)).toBe('exhausted');
  });

  it('reads a cap of 0 as exhausted, and degradeAt 1 as never degraded before the cap', () => {
    expect(budgetLevel(0, 0, 0.9)).toBe('exhausted');
    expect(budgetLevel(9_999_999, cap, 1)).toBe('ok');
  });
});

describe('reachedThresholds', () => {
  const thresholds = [0.5, 0.8, 1];

  it('returns each threshold spend has reached, from exactly its fraction of the cap', () => {
    expect(reachedThresholds(7_999_999, cap, thresholds, new Set())).toEqual([0.5]);
    expect(reachedThresholds(8_000_000, cap, thresholds, new Set())).toEqual([0.5, 0.8]);
    expect(reachedThresholds(10_000_000, cap, thresholds, new Set())).toEqual([0.5, 0.8, 1]);
  });

  it('never returns a threshold already fired, so a crossing alerts once per period', () => {
    expect(reachedThresholds(8_500_000, cap, thresholds, new Set([0.5]))).toEqual([0.8]);
    expect(reachedThresholds(8_500_000, cap, thresholds, new Set([0.5, 0.8]))).toEqual([]);
    expect(reachedThresholds(20_000_000, cap, thresholds, new Set(thresholds))).toEqual([]);
  });

  it('returns each threshold once however far spend jumps past it', () => {
    const reached = reachedThresholds(50_000_000, cap, thresholds, new Set());
    expect(new Set(reached).size).toBe(reached.length);
  });
});

describe('alertId', () => {
  it('names a threshold in thousandths, free of float dust', () => {
    expect(alertId(0.8)).toBe('t800');
    expect(alertId(1)).toBe('t1000');
    expect(alertId(0.1 + 0.2)).toBe('t300');
    expect(alertId(0.055)).toBe('t55');
  });
});

describe('spendSummary', () => {
  it('reports what is left of the cap', () => {
    expect(
      spendSummary('2026-11', cap, { reservedMicroUsd: 1_000_000, settledMicroUsd: 2_500_000 }, []),
    ).toEqual({
      period: '2026-11',
      capMicroUsd: cap,
      reservedMicroUsd: 1_000_000,
      settledMicroUsd: 2_500_000,
      remainingMicroUsd: 6_500_000,
      alerts: [],
    });
  });

  it('never reports a negative remainder when an admin lowered the cap below spend', () => {
    const summary = spendSummary(
      '2026-11',
      1_000_000,
      { reservedMicroUsd: 700_000, settledMicroUsd: 900_000 },
      [],
    );
    expect(summary.remainingMicroUsd).toBe(0);
  });

  it('lists the alerts by threshold', () => {
    const alerts = [
      { threshold: 1, at: 20 },
      { threshold: 0.8, at: 10 },
    ];
    expect(spendSummary('2026-11', cap, { reservedMicroUsd: 0, settledMicroUsd: 0 }, alerts).alerts).toEqual([
      { threshold: 0.8, at: 10 },
      { threshold: 1, at: 20 },
    ]);
    expect(alerts[0]!.threshold).toBe(1);
  });
});

describe('spendPeriod and utcDay', () => {
  it('turns the month over at midnight UTC', () => {
    expect(spendPeriod(Date.parse('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(spendPeriod(Date.parse('2026-12-01T00:00:00.000Z'))).toBe('2026-12');
    expect(spendPeriod(Date.parse('2026-12-31T23:59:59.999Z'))).toBe('2026-12');
    expect(spendPeriod(Date.parse('2027-01-01T00:00:00.000Z'))).toBe('2027-01');
  });

  it('uses UTC, not a local clock: late evening in New York is already the next UTC day', () => {
    const instant = Date.parse('2026-11-30T20:30:00-05:00');
    expect(utcDay(instant)).toBe('2026-12-01');
    expect(spendPeriod(instant)).toBe('2026-12');
    expect(utcDay(Date.parse('2026-11-30T23:59:59.999Z'))).toBe('2026-11-30');
  });

  it('makes period keys the pattern accepts, and the pattern refuses anything else', () => {
    expect(spendPeriodPattern.test(spendPeriod(Date.parse('2026-02-15T00:00:00Z')))).toBe(true);
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-11', '2026-11/x', '../x']) {
      expect(spendPeriodPattern.test(bad), bad).toBe(false);
    }
  });
});

describe('shouldCheckBudget', () => {
  it('skips the month read below the lowest fraction still to act on and reads from exactly it', () => {
    expect(shouldCheckBudget(0.799, 0.8)).toBe(false);
    expect(shouldCheckBudget(0.8, 0.8)).toBe(true);
    expect(shouldCheckBudget(1.2, 0.8)).toBe(true);
  });
});

describe('alertWebhookBody', () => {
  it('says the period, the percentage and the figures, and what happens at the cap', () => {
    const body = alertWebhookBody({
      period: '2026-11',
      threshold: 1,
      usedMicroUsd: 10_000_000,
      capMicroUsd: cap,
    });
    expect(body.text).toBe(
      'Phoenix budget alert: 2026-11 spend reached 100% of the cap ($10.00 of $10.00). New jobs are refused, video is paused and the image service is scaled down.',
    );
    expect(
      alertWebhookBody({ period: '2026-11', threshold: 0.8, usedMicroUsd: 8_123_456, capMicroUsd: cap }).text,
    ).toBe('Phoenix budget alert: 2026-11 spend reached 80% of the cap ($8.12 of $10.00).');
  });
});
