import {
  PhoenixError,
  budgetShardCount,
  emptyShard,
  paths,
  planSpreadReservation,
  reserveOnShard,
  shardAllowance,
  shardFits,
  type BudgetShare,
  type DocumentTransaction,
  type SpendShardDoc,
} from '@phoenix/core';

/** Where an accept reserved its estimate, and whether the month may have crossed a threshold. */
export interface Reservation {
  period: string;
  shares: BudgetShare[];
  /** How full the shards this accept looked at now are, as a fraction of their allowances. */
  fullness: number;
}

/**
 * Reserves `estimateMicroUsd` of the month's budget inside the accept
 * transaction, by core's design (spend.ts): the fast path on one shard when
 * it has room and the period allows it, else the exact path over every shard.
 * No room for it in the month means `budget_exceeded`, and the transaction
 * (which has written nothing yet) is abandoned. It writes the shards, so it
 * must be the transaction's last read.
 */
export async function reserveBudget(
  t: DocumentTransaction,
  request: {
    period: string;
    capMicroUsd: number;
    estimateMicroUsd: number;
    startShard: number;
    fastPath: boolean;
  },
): Promise<Reservation> {
  const { period, capMicroUsd, estimateMicroUsd } = request;
  const start = request.startShard % budgetShardCount;
  const read = async (index: number) =>
    ((await t.get(paths.spendShard(period, index))) as SpendShardDoc | undefined) ?? emptyShard();

  const first = await read(start);
  if (request.fastPath && shardFits(first, start, capMicroUsd, estimateMicroUsd)) {
    const after = reserveOnShard(first, estimateMicroUsd);
    t.set(paths.spendShard(period, start), after);
    return {
      period,
      shares: [{ shard: start, microUsd: estimateMicroUsd }],
      fullness:
        (after.reservedMicroUsd + after.settledMicroUsd) / Math.max(1, shardAllowance(capMicroUsd, start)),
    };
  }

  const shards = await Promise.all(
    Array.from({ length: budgetShardCount }, (_, index) => (index === start ? first : read(index))),
  );
  const shares = planSpreadReservation(shards, capMicroUsd, estimateMicroUsd, start);
  if (!shares) throw new PhoenixError('budget_exceeded');
  for (const share of shares) {
    t.set(paths.spendShard(period, share.shard), reserveOnShard(shards[share.shard]!, share.microUsd));
  }
  const used = shards.reduce((sum, shard) => sum + shard.reservedMicroUsd + shard.settledMicroUsd, 0);
  return { period, shares, fullness: (used + estimateMicroUsd) / Math.max(1, capMicroUsd) };
}
