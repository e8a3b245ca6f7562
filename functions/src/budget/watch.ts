import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  alertId,
  budgetLevel,
  capMicroUsd,
  limitsFrom,
  paths,
  publicLimits,
  reachedThresholds,
  shardAllowance,
  spendPeriod,
  sumShards,
  type BudgetGuardDoc,
  type BudgetLevel,
  type Limits,
  type SpendAlertDoc,
  type SpendPeriodDoc,
  type SpendShardDoc,
} from '@phoenix/core';
import type { ServiceScaler } from '../run-admin.ts';
import { deliverAlert, retryAlertDeliveries, type WebhookOptions } from './alert-webhook.ts';
import { coalescing } from './coalesce.ts';

export interface BudgetWatchDeps {
  db: Firestore;
  /** Lowers and restores the image service's max instances; absent, the cap refuses jobs but scales nothing. */
  scaler?: ServiceScaler;
  webhook?: WebhookOptions;
  nowMs?: () => number;
}

export interface BudgetCheck {
  period: string;
  level: BudgetLevel;
  usedMicroUsd: number;
  capMicroUsd: number;
  /** Thresholds whose alert this check created. */
  fired: number[];
}

export async function readLimits(db: Firestore): Promise<Limits> {
  return limitsFrom((await db.doc(paths.limits()).get()).data() as Partial<Limits> | undefined);
}

/**
 * Looks at the whole month and acts on what it finds, each action once:
 * - an alert per threshold reached, created (never set) under an id made from
 *   the threshold, so however many checks race, one creation wins and only
 *   its winner POSTs it to the webhook;
 * - the budget level (`spend/{period}.level` and the public projection),
 *   which turns degrade and the video pause on and off;
 * - at the cap, the image service scaled down to `atCapMaxInstances`, once,
 *   remembering what it was; below the cap again (a raised cap), restored.
 * Accepts call it when their shard says the month may have moved; the
 * scheduled check calls it every few minutes, and also restores what a
 * spent previous month scaled down.
 */
export function checkBudget(
  deps: BudgetWatchDeps,
  period = spendPeriod((deps.nowMs ?? Date.now)()),
): Promise<BudgetCheck> {
  // A burst of accepts near a threshold would otherwise start a check each; coalesced, the
  // instance runs the one in progress and one more that sees every reservation made before it.
  let check = checks.get(deps.db);
  if (!check) {
    check = coalescing((key: string) => runCheck(deps, key));
    checks.set(deps.db, check);
  }
  return check(period);
}

const checks = new WeakMap<Firestore, (period: string) => Promise<BudgetCheck>>();

async function runCheck(deps: BudgetWatchDeps, period: string): Promise<BudgetCheck> {
  const { db } = deps;
  const limits = await readLimits(db);
  const shards = await db.collection(paths.spendShards(period)).get();
  const totals = sumShards(shards.docs.map((doc) => doc.data() as SpendShardDoc));
  const used = totals.reservedMicroUsd + totals.settledMicroUsd;
  const cap = capMicroUsd(limits);

  const alerts = await db.collection(paths.spendAlerts(period)).get();
  const firedBefore = new Set(alerts.docs.map((doc) => (doc.data() as SpendAlertDoc).threshold));
  const fired: number[] = [];
  for (const threshold of reachedThresholds(used, cap, limits.alertThresholds, firedBefore)) {
    const alert: SpendAlertDoc<FieldValue> = {
      period,
      threshold,
      usedMicroUsd: used,
      capMicroUsd: cap,
      at: FieldValue.serverTimestamp(),
      delivery: { state: 'pending', attempts: 0, lastError: null },
    };
    const created = await db
      .doc(paths.spendAlert(period, alertId(threshold)))
      .create(alert)
      .then(
        () => true,
        (error: { code?: number }) => {
          if (error.code === 6) return false; // ALREADY_EXISTS: another check fired it.
          throw error;
        },
      );
    if (!created) continue;
    fired.push(threshold);
    logger.warn('budget alert', { period, threshold, usedMicroUsd: used, capMicroUsd: cap });
    await deliverAlert(db, { period, id: alertId(threshold) }, limits.alertWebhookUrl, deps.webhook);
  }

  const level = budgetLevel(used, cap, limits.degradeAt);
  // Retried calls can bill a shard past its allowance; from then on accepts check the whole month.
  // (Only updateLimits, in its transaction, turns the fast path back on.)
  const overAllowance = shards.docs.some((doc) => {
    const shard = doc.data() as SpendShardDoc;
    return shard.reservedMicroUsd + shard.settledMicroUsd > shardAllowance(cap, Number(doc.id));
  });
  if (overAllowance) {
    const guard: BudgetGuardDoc = { period, fastPath: false };
    await db.doc(paths.budgetGuard()).set(guard);
  }
  await applyLevel(deps, limits, period, level);
  return { period, level, usedMicroUsd: used, capMicroUsd: cap, fired };
}

/**
 * Records the level and moves the image service's cap with it. The
 * transaction decides who acts: only the check that flips `scaledDown` calls
 * the Run Admin API, so a burst of checks scales down (or restores) once.
 */
async function applyLevel(
  deps: BudgetWatchDeps,
  limits: Limits,
  period: string,
  level: BudgetLevel,
  options: { publish: boolean; scaledDown: boolean } = { publish: true, scaledDown: level === 'exhausted' },
): Promise<void> {
  const { db } = deps;
  const periodRef = db.doc(paths.spendPeriod(period));
  // Most checks find nothing to change: they write nothing and take no lock.
  const seen = (await periodRef.get()).data() as Partial<SpendPeriodDoc> | undefined;
  if (seen?.level === level && Boolean(seen.scaledDown) === (options.scaledDown && Boolean(deps.scaler)))
    return;
  const action = await db.runTransaction(async (tx) => {
    const stored = (await tx.get(periodRef)).data() as Partial<SpendPeriodDoc> | undefined;
    const scaledDown = stored?.scaledDown ?? null;
    const wantDown = options.scaledDown;
    const act = wantDown && !scaledDown && deps.scaler ? 'down' : !wantDown && scaledDown ? 'restore' : null;
    if (stored?.level === level && !act) return null;
    const nowMs = (deps.nowMs ?? Date.now)();
    const nextScaledDown =
      act === 'down'
        ? { service: 'image', previousMaxInstances: -1, at: nowMs }
        : act === 'restore'
          ? null
          : scaledDown;
    tx.set(periodRef, { level, scaledDown: nextScaledDown }, { merge: true });
    if (options.publish) tx.set(db.doc(paths.publicLimits()), publicLimits(limits, { period, level }));
    return act ? { act, scaledDown } : null;
  });
  if (!action || !deps.scaler) return;
  if (action.act === 'down') await scaleDown(deps, deps.scaler, limits, period);
  else if (action.scaledDown) await restore(deps, deps.scaler, period, action.scaledDown);
}

async function scaleDown(
  deps: BudgetWatchDeps,
  scaler: ServiceScaler,
  limits: Limits,
  period: string,
): Promise<void> {
  const previous = await scaler.getMaxInstances('image');
  const to = await scaler.setMaxInstances('image', limits.atCapMaxInstances);
  await deps.db.doc(paths.spendPeriod(period)).update({ 'scaledDown.previousMaxInstances': previous ?? -1 });
  await recordScaling(deps.db, {
    service: 'image',
    from: previous,
    to,
    cause: 'budget_exhausted',
    by: null,
    period,
  });
}

async function restore(
  deps: BudgetWatchDeps,
  scaler: ServiceScaler,
  period: string,
  scaledDown: NonNullable<SpendPeriodDoc['scaledDown']>,
): Promise<void> {
  if (scaledDown.previousMaxInstances < 0) {
    logger.error('cannot restore the image service: its max instances before the scale-down are unknown', {
      period,
    });
    return;
  }
  const from = await scaler.getMaxInstances('image');
  const to = await scaler.setMaxInstances('image', scaledDown.previousMaxInstances);
  await recordScaling(deps.db, { service: 'image', from, to, cause: 'budget_restored', by: null, period });
}

/** One line of the admin console's scaling history. */
export async function recordScaling(
  db: Firestore,
  event: {
    service: 'image' | 'video';
    from: number | null;
    to: number;
    cause: 'budget_exhausted' | 'budget_restored' | 'admin';
    by: string | null;
    period: string;
  },
): Promise<void> {
  await db.collection(paths.scalingEvents()).add({ ...event, at: FieldValue.serverTimestamp() });
}

/**
 * The scheduled check: this month as {@link checkBudget} sees it, alerts
 * whose delivery is still pending, and a previous month that left the image
 * service scaled down (a new month starts clean, so it is restored).
 */
export async function runScheduledBudgetCheck(deps: BudgetWatchDeps): Promise<BudgetCheck> {
  const nowMs = (deps.nowMs ?? Date.now)();
  const period = spendPeriod(nowMs);
  const previous = spendPeriod(Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), 0));
  const check = await checkBudget(deps, period);
  const limits = await readLimits(deps.db);
  await retryAlertDeliveries(deps.db, period, limits.alertWebhookUrl, deps.webhook);
  const stale = (await deps.db.doc(paths.spendPeriod(previous)).get()).data() as
    Partial<SpendPeriodDoc> | undefined;
  if (stale?.scaledDown && check.level !== 'exhausted') {
    // The spent month keeps its level in the record; only the service comes back.
    await applyLevel(deps, limits, previous, stale.level ?? 'exhausted', {
      publish: false,
      scaledDown: false,
    });
  }
  return check;
}
