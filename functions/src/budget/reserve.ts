import {
  PhoenixError,
  budgetShardCount,
  emptyShard,
  paths,
  reserveOnShard,
  shardAllowance,
  shardFits,
  shardProbeOrder,
  type DocumentTransaction,
  type SpendShardDoc,
} from '@phoenix/core';

/** Where an accept reserved its estimate, and how full that shard now is. */
export interface Reservation {
  period: string;
  shard: number;
  shardUsedMicroUsd: number;
  shardAllowanceMicroUsd: number;
}

/**
 * Reserves `estimateMicroUsd` of the month's budget inside the accept
 * transaction (see core's spend.ts for the design): the first shard, from a
 * random one on, whose allowance still fits the estimate takes it. No shard
 * with room means the month is spent: `budget_exceeded`, and the transaction
 * (which has written nothing yet) is abandoned. It writes the shard, so it
 * must be the transaction's last read.
 */
export async function reserveBudget(
  t: DocumentTransaction,
  request: { period: string; capMicroUsd: number; estimateMicroUsd: number; startShard: number },
): Promise<Reservation> {
  const { period, capMicroUsd, estimateMicroUsd } = request;
  for (const index of shardProbeOrder(request.startShard % budgetShardCount)) {
    const path = paths.spendShard(period, index);
    const shard = ((await t.get(path)) as SpendShardDoc | undefined) ?? emptyShard();
    if (!shardFits(shard, index, capMicroUsd, estimateMicroUsd)) continue;
    const after = reserveOnShard(shard, estimateMicroUsd);
    t.set(path, after);
    return {
      period,
      shard: index,
      shardUsedMicroUsd: after.reservedMicroUsd + after.settledMicroUsd,
      shardAllowanceMicroUsd: shardAllowance(capMicroUsd, index),
    };
  }
  throw new PhoenixError('budget_exceeded');
}
