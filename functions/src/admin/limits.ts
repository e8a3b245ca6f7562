import type { Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  applyCatalogueUpdate,
  budgetShardCount,
  capMicroUsd,
  currentBudgetLevel,
  emptyShard,
  fastPathHolds,
  getSpendSummaryRequestSchema,
  limitsFrom,
  limitsSchema,
  parseRequest,
  paths,
  publicLimits,
  spendPeriod,
  spendSummary,
  sumShards,
  updateLimitsRequestSchema,
  updateModelRequestSchema,
  type BudgetGuardDoc,
  type Limits,
  type SpendAlertDoc,
  type SpendPeriodDoc,
  type SpendShardDoc,
  type SpendSummary,
  type StoredModelsConfig,
  type TimeLike,
} from '@phoenix/core';
import { checkBudget, readLimits, type BudgetWatchDeps } from '../budget/watch.ts';

/**
 * `updateLimits(patch)`: validates the patch, then the whole result (so a
 * field is never saved that the rest makes invalid), writes the limits and
 * their public projection together with whether the month's shards still
 * fit their allowances under the new cap (else accepts take the exact path,
 * see core's spend.ts), and then lets the budget watcher act on
 * the new cap at once: a raised cap lifts the level and restores the image
 * service, a lowered one may fire alerts and scale it down.
 */
export async function updateLimitsFor(deps: BudgetWatchDeps, data: unknown): Promise<Limits> {
  const { db } = deps;
  const patch = parseRequest(updateLimitsRequestSchema, data);
  const period = spendPeriod((deps.nowMs ?? Date.now)());
  const limits = await db.runTransaction(async (tx) => {
    const stored = (await tx.get(db.doc(paths.limits()))).data() as Partial<Limits> | undefined;
    const spendRef = db.doc(paths.spendPeriod(period));
    const spend = (await tx.get(spendRef)).data() as Partial<SpendPeriodDoc> | undefined;
    // Read in this transaction, so no accept can slip in between the new cap and the fast-path decision.
    const shards = await tx.get(db.collection(paths.spendShards(period)));
    const next = parseRequest(limitsSchema, { ...limitsFrom(stored), ...patch });
    tx.set(db.doc(paths.limits()), next);
    const byIndex = Array.from({ length: budgetShardCount }, () => emptyShard() as SpendShardDoc);
    for (const doc of shards.docs) byIndex[Number(doc.id)] = doc.data() as SpendShardDoc;
    const guard: BudgetGuardDoc = { period, fastPath: fastPathHolds(byIndex, capMicroUsd(next)) };
    tx.set(db.doc(paths.budgetGuard()), guard);
    const level = currentBudgetLevel(spend?.level ? { period, level: spend.level } : undefined, period);
    tx.set(db.doc(paths.publicLimits()), publicLimits(next, { period, level }));
    return next;
  });
  await checkBudget(deps, period);
  return limits;
}

/** `getSpendSummary({ period? })`: the month's figures, summed over the shards, and its alerts. */
export async function spendSummaryFor(
  db: Firestore,
  data: unknown,
  nowMs = Date.now(),
): Promise<SpendSummary> {
  const { period = spendPeriod(nowMs) } = parseRequest(getSpendSummaryRequestSchema, data);
  const [limits, shards, alerts] = await Promise.all([
    readLimits(db),
    db.collection(paths.spendShards(period)).get(),
    db.collection(paths.spendAlerts(period)).get(),
  ]);
  return spendSummary(
    period,
    capMicroUsd(limits),
    sumShards(shards.docs.map((doc) => doc.data() as SpendShardDoc)),
    alerts.docs.map((doc) => {
      const alert = doc.data() as SpendAlertDoc<TimeLike>;
      return { threshold: alert.threshold, at: alert.at.toMillis() };
    }),
  );
}

/**
 * `updateModel(...)`: one image or video model's switches and prices, or the
 * image default; core refuses an unusable catalogue. Answers the whole stored
 * document, video edits included.
 */
export async function updateModelFor(db: Firestore, data: unknown): Promise<StoredModelsConfig> {
  const update = parseRequest(updateModelRequestSchema, data);
  if (Object.keys(update).length === 1)
    throw new PhoenixError('invalid_argument', 'Say what to change about the model.');
  return db.runTransaction(async (tx) => {
    const ref = db.doc(paths.models());
    const next = applyCatalogueUpdate((await tx.get(ref)).data() as StoredModelsConfig | undefined, update);
    tx.set(ref, next);
    return next;
  });
}
