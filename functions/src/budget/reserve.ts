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

/** The fast path's shard had no room: run the accept again on the exact path. */
export class ShardFullError extends Error {
  constructor() {
    super('the budget shard is full; the accept takes the exact path');
    this.name = 'ShardFullError';
  }
}

/**
 * Reserves `estimateMicroUsd` of the month's budget inside the accept
 * transaction, by core's design (spend.ts):
 * - `fast`: one shard, which must fit it under its allowance, or
 *   {@link ShardFullError} (the caller runs the accept again, exact);
 * - `exact`: every shard, read in index order (so exact accepts never wait
 *   on each other in a cycle), the month checked against the cap and the
 *   reservation spread over shards with room.
 * No room in the month means `budget_exceeded`, and the transaction (which
 * has written nothing yet) is abandoned. It writes the shards, so it must be
 * the transaction's last read.
 */
export async function reserveBudget(
  t: DocumentTransaction,
  request: {
    period: string;
    capMicroUsd: number;
    estimateMicroUsd: number;
    startShard: number;
    mode: 'fast' | 'exact';
  },
): Promise<Reservation> {
  const { period, capMicroUsd, estimateMicroUsd } = request;
  const start = request.startShard % budgetShardCount;
  const read = async (index: number) =>
    ((await t.get(paths.spendShard(period, index))) as SpendShardDoc | undefined) ?? emptyShard();

  if (request.mode === 'fast') {
    const shard = await read(start);
    if (!shardFits(shard, start, capMicroUsd, estimateMicroUsd)) throw new ShardFullError();
    const after = reserveOnShard(shard, estimateMicroUsd);
    t.set(paths.spendShard(period, start), after);
    return {
      period,
      shares: [{ shard: start, microUsd: estimateMicroUsd }],
      fullness:
        (after.reservedMicroUsd + after.settledMicroUsd) / Math.max(1, shardAllowance(capMicroUsd, start)),
    };
  }

  const indexes = Array.from({ length: budgetShardCount }, (_, index) => index);
  await t.prefetch(indexes.map((index) => paths.spendShard(period, index)));
  const shards = await Promise.all(indexes.map(read));
  const shares = planSpreadReservation(shards, capMicroUsd, estimateMicroUsd, start);
  if (!shares) throw new PhoenixError('budget_exceeded');
  for (const share of shares) {
    t.set(paths.spendShard(period, share.shard), reserveOnShard(shards[share.shard]!, share.microUsd));
  }
  const used = shards.reduce((sum, shard) => sum + shard.reservedMicroUsd + shard.settledMicroUsd, 0);
  return { period, shares, fullness: (used + estimateMicroUsd) / Math.max(1, capMicroUsd) };
}
