import { PhoenixError, paths, quoteImageJob, type ImageJobDoc } from '@phoenix/core';
import { afterAll, describe, expect, it } from 'vitest';
import { updateLimitsFor } from '../../functions/src/admin/limits.ts';
import { runScheduledBudgetCheck } from '../../functions/src/budget/watch.ts';
import { acceptImageJob } from '../../functions/src/image-jobs/create.ts';
import { fundAccount } from '../support/accounts.ts';
import { uniquePrefix } from '../support/stack.ts';
import { moneyTestbed } from './money-bed.ts';

const { db, queue, scaler, setLimits } = moneyTestbed();
const pro = {
  prompt: 'a glass city at dusk',
  count: 1,
  model: 'gemini-3-pro-image-preview',
  imageSize: '1K',
};
const proPrice = quoteImageJob(pro as never).microUsd; // 134,000
const cheapest = 'gemini-2.5-flash-image';
const cheapestPrice = quoteImageJob({ ...pro, model: cheapest } as never).microUsd; // 39,000

afterAll(async () => {
  await scaler.setMaxInstances('image', 100);
});

async function refusalCode(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(PhoenixError);
  return (error as PhoenixError).code;
}

describe('degrade, the cap and a new month', () => {
  it('runs pricier jobs on the cheapest model from degradeAt, refuses at the cap, and starts the next month clean', async () => {
    // A tiny cap: one pro job outgrows a shard's allowance, so accepts take the exact path.
    const cap = 2 * proPrice + 2 * cheapestPrice;
    const august = Date.UTC(2031, 7, 20, 9);
    const deps = { db, queue, budget: { scaler }, nowMs: () => august };
    await setLimits({
      monthlyUsdCap: cap / 1_000_000,
      degradeAt: 0.5,
      alertThresholds: [1],
      inFlightPerUser: 100,
      rateLimitPerHour: 100,
      perUserDailyTokens: 1000,
    });
    const uid = uniquePrefix('degrade');
    await fundAccount(db, uid, 100);

    // Two pro jobs take the month past half the cap: the level turns degraded.
    for (let index = 0; index < 2; index += 1) await acceptImageJob(deps, uid, pro);
    expect((await db.doc(paths.spendPeriod('2031-08')).get()).get('level')).toBe('degraded');
    expect((await db.doc(paths.publicLimits()).get()).get('budget')).toEqual({
      period: '2031-08',
      level: 'degraded',
    });

    // The next pro request runs on the cheapest model, and is charged for that one.
    const { jobId } = await acceptImageJob(deps, uid, pro);
    const degraded = (await db.doc(paths.job(jobId)).get()).data() as ImageJobDoc;
    expect(degraded.params.model).toBe(cheapest);
    expect(degraded.degradedFrom).toBe(pro.model);
    expect(degraded.cost.reservedMicroUsd).toBe(cheapestPrice);

    // One more fits exactly; then the month is spent and the next is refused, charging nothing.
    await acceptImageJob(deps, uid, pro);
    const balance = (await db.doc(paths.account(uid)).get()).get('balance') as number;
    expect(await refusalCode(acceptImageJob(deps, uid, pro))).toBe('budget_exceeded');
    expect((await db.doc(paths.account(uid)).get()).get('balance')).toBe(balance);
    expect((await db.doc(paths.spendPeriod('2031-08')).get()).get('level')).toBe('exhausted');
    expect(await scaler.getMaxInstances('image')).toBe(1);

    // September: a new period, clean without any job having run; the scheduled check restores the service.
    const september = Date.UTC(2031, 8, 1, 0, 1);
    const next = await acceptImageJob({ ...deps, nowMs: () => september }, uid, pro);
    const fresh = (await db.doc(paths.job(next.jobId)).get()).data() as ImageJobDoc;
    expect(fresh.params.model).toBe(pro.model);
    expect(fresh.cost.budget?.period).toBe('2031-09');
    await runScheduledBudgetCheck({ db, scaler, nowMs: () => september });
    expect(await scaler.getMaxInstances('image')).toBe(100);
  });

  it('holds a lowered cap exactly: shards over their new allowance send every accept down the exact path', async () => {
    const october = Date.UTC(2031, 9, 5, 9);
    const one = { ...pro, model: cheapest };
    await setLimits({
      monthlyUsdCap: 100,
      inFlightPerUser: 100,
      rateLimitPerHour: 100,
      perUserDailyTokens: 1000,
    });
    const uid = uniquePrefix('lowered');
    await fundAccount(db, uid, 100);
    // Thirty jobs on shards 0–9 (three each); shards 10–19 stay empty.
    let placed = 0;
    const onShard = (index: number) => ({
      db,
      queue,
      nowMs: () => october,
      random: () => (index + 0.5) / 20,
    });
    for (; placed < 30; placed += 1) await acceptImageJob(onShard(placed % 10), uid, one);

    // The cap drops to 31 jobs' worth: each allowance (60,450) still fits a job on an empty
    // shard, but shards 0–9 hold 117,000 each, so only the month's total may decide.
    await updateLimitsFor({ db, nowMs: () => october }, { monthlyUsdCap: (31 * cheapestPrice) / 1_000_000 });
    expect((await db.doc(paths.budgetGuard()).get()).data()).toEqual({ period: '2031-10', fastPath: false });
    await acceptImageJob(onShard(15), uid, one);
    expect(await refusalCode(acceptImageJob(onShard(16), uid, one))).toBe('budget_exceeded');
    const jobs = await db.collection('jobs').where('uid', '==', uid).get();
    expect(jobs.size).toBe(31);
  });
});
