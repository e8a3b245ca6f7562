import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  budgetShardCount,
  emptyShard,
  fastPathHolds,
  planSpreadReservation,
  reserveOnShard,
  settleOnShard,
  shardAllowance,
  shardFits,
  shardProbeOrder,
  splitSettlement,
  sumShards,
  type BudgetShare,
  type SpendShardDoc,
} from './spend.ts';

const caps = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000_000 * 1_000_000 }));

describe('shardAllowance', () => {
  it('splits every cap into shares that sum to it exactly, for any shard count', () => {
    fc.assert(
      fc.property(caps, fc.integer({ min: 1, max: 64 }), (cap, count) => {
        const shares = Array.from({ length: count }, (_, index) => shardAllowance(cap, index, count));
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(cap);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect(shares.every(Number.isInteger)).toBe(true);
      }),
    );
  });

  it('gives the remainder to the first shards: a cap of 23 µ$ over 20 shards is three 2s and seventeen 1s', () => {
    const shares = Array.from({ length: budgetShardCount }, (_, index) => shardAllowance(23, index));
    expect(shares.slice(0, 3)).toEqual([2, 2, 2]);
    expect(shares.slice(3)).toEqual(Array(17).fill(1));
  });

  it('leaves every shard nothing under a cap of 0', () => {
    expect(shardProbeOrder(0).map((index) => shardAllowance(0, index))).toEqual(
      Array(budgetShardCount).fill(0),
    );
    expect(shardFits(emptyShard(), 0, 0, 1)).toBe(false);
  });
});

describe('shardProbeOrder', () => {
  it('visits every shard exactly once, starting at the one asked for', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }).chain((count) => fc.tuple(fc.constant(count), fc.nat(count - 1))),
        ([count, start]) => {
          const order = shardProbeOrder(start, count);
          expect(order[0]).toBe(start);
          expect([...order].sort((a, b) => a - b)).toEqual(
            Array.from({ length: count }, (_, index) => index),
          );
        },
      ),
    );
    expect(shardProbeOrder(18)).toEqual([18, 19, ...Array.from({ length: 18 }, (_, index) => index)]);
  });
});

describe('shardFits', () => {
  it('takes an estimate that fills the shard exactly and refuses one micro-dollar more', () => {
    const cap = 2_000_000; // 100,000 µ$ a shard
    const shard = { reservedMicroUsd: 60_000, settledMicroUsd: 30_000 };
    expect(shardFits(shard, 7, cap, 10_000)).toBe(true);
    expect(shardFits(shard, 7, cap, 10_001)).toBe(false);
  });
});

/**
 * An accept as the budget makes it: the fast path on shard `start` when the
 * estimate fits there, else the exact path over every shard. Returns whether
 * it was accepted, reserving on `shards` when so.
 */
function accept(shards: SpendShardDoc[], cap: number, estimate: number, start: number): BudgetShare[] | null {
  if (shardFits(shards[start]!, start, cap, estimate)) {
    shards[start] = reserveOnShard(shards[start]!, estimate);
    return [{ shard: start, microUsd: estimate }];
  }
  const shares = planSpreadReservation(shards, cap, estimate, start);
  for (const share of shares ?? [])
    shards[share.shard] = reserveOnShard(shards[share.shard]!, share.microUsd);
  return shares;
}

function acceptUntilFull(cap: number, estimate: number): number {
  const shards: SpendShardDoc[] = Array.from({ length: budgetShardCount }, emptyShard);
  let accepted = 0;
  while (accept(shards, cap, estimate, accepted % budgetShardCount)) accepted++;
  return accepted;
}

describe('accepts over the fast and exact paths', () => {
  it('admits exactly the jobs the cap holds: 100 one-image jobs at 67,000 µ$, and 99 with 1 µ$ less', () => {
    expect(acceptUntilFull(100 * 67_000, 67_000)).toBe(100);
    expect(acceptUntilFull(100 * 67_000 - 1, 67_000)).toBe(99);
  });

  it('takes a job larger than any one shard’s share while the month has room', () => {
    // $2.01 holds 15 jobs of $0.134, though each shard's $0.1005 holds none.
    expect(acceptUntilFull(2_010_000, 134_000)).toBe(15);
    expect(shardFits(emptyShard(), 0, 2_010_000, 134_000)).toBe(false);
  });

  it('never passes the cap nor any shard’s allowance, whatever the sequence of accepts and endings', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('accept' as const),
        start: fc.nat(budgetShardCount - 1),
        estimate: fc.integer({ min: 1, max: 400_000 }),
      }),
      fc.record({
        kind: fc.constant('end' as const),
        pick: fc.nat(),
        billedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.array(step, { maxLength: 300 }),
        (cap, steps) => {
          const shards: SpendShardDoc[] = Array.from({ length: budgetShardCount }, emptyShard);
          const open: BudgetShare[][] = [];
          for (const next of steps) {
            if (next.kind === 'accept') {
              const shares = accept(shards, cap, next.estimate, next.start);
              if (shares) open.push(shares);
            } else if (open.length > 0) {
              // An ending settles at most what was reserved (no retried calls here).
              const [shares] = open.splice(next.pick % open.length, 1);
              const reserved = shares!.reduce((sum, share) => sum + share.microUsd, 0);
              const parts = splitSettlement(shares!, Math.floor(reserved * next.billedShare));
              shares!.forEach((share, position) => {
                shards[share.shard] = settleOnShard(shards[share.shard]!, {
                  reservedMicroUsd: share.microUsd,
                  settledMicroUsd: parts[position]!,
                  day: '2026-11-30',
                  model: 'gemini-3.1-flash-image',
                  outputs: position === 0 ? 1 : 0,
                });
              });
            }
            const totals = sumShards(shards);
            expect(totals.reservedMicroUsd + totals.settledMicroUsd).toBeLessThanOrEqual(cap);
            expect(fastPathHolds(shards, cap)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('splitSettlement', () => {
  it('never settles more on a share than it reserved while the job settles within its reservation', () => {
    const shares = [0, 1, 2].map((shard) => ({ shard, microUsd: 1 }));
    expect(splitSettlement(shares, 2)).toEqual([1, 1, 0]);
    expect(splitSettlement(shares, 3)).toEqual([1, 1, 1]);
    // A retried call billed past the reservation: the excess rides on the last share.
    expect(splitSettlement(shares, 5)).toEqual([1, 1, 3]);
  });
});

describe('planSpreadReservation', () => {
  const cap = 2_000_000; // 100,000 µ$ a shard
  const shards = (): SpendShardDoc[] => Array.from({ length: budgetShardCount }, emptyShard);

  it('spreads an estimate over the shards with room, from the start shard on', () => {
    const month = shards();
    month[3] = { ...emptyShard(), reservedMicroUsd: 70_000 };
    month[4] = { ...emptyShard(), settledMicroUsd: 100_000 };
    expect(planSpreadReservation(month, cap, 150_000, 3)).toEqual([
      { shard: 3, microUsd: 30_000 },
      { shard: 5, microUsd: 100_000 },
      { shard: 6, microUsd: 20_000 },
    ]);
  });

  it('takes the month to exactly the cap and refuses one micro-dollar more', () => {
    const month = shards().map((shard) => ({ ...shard, reservedMicroUsd: 90_000 }));
    expect(planSpreadReservation(month, cap, 200_000, 0)).toHaveLength(20);
    expect(planSpreadReservation(month, cap, 200_001, 0)).toBeNull();
  });

  it('refuses against the whole month even when a shard is over its allowance (a lowered cap)', () => {
    const month = shards();
    month[0] = { ...emptyShard(), settledMicroUsd: 1_950_000 };
    expect(fastPathHolds(month, cap)).toBe(false);
    expect(planSpreadReservation(month, cap, 50_001, 1)).toBeNull();
    expect(planSpreadReservation(month, cap, 50_000, 1)).not.toBeNull();
  });
});

describe('splitSettlement', () => {
  it('splits the bill in proportion to the shares, summing exactly to it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ shard: fc.nat(19), microUsd: fc.integer({ min: 0, max: 1_000_000 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (shares, billed) => {
          const parts = splitSettlement(shares, billed);
          expect(parts).toHaveLength(shares.length);
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(billed);
          expect(parts.every((part) => Number.isInteger(part) && part >= 0)).toBe(true);
        },
      ),
    );
    expect(
      splitSettlement(
        [
          { shard: 1, microUsd: 30_000 },
          { shard: 2, microUsd: 70_000 },
        ],
        100_001,
      ),
    ).toEqual([30_000, 70_001]);
  });
});

describe('settleOnShard', () => {
  const base: SpendShardDoc = {
    reservedMicroUsd: 500_000,
    settledMicroUsd: 100_000,
    days: { '2026-11-29': { settledMicroUsd: 100_000, outputs: { 'gemini-3.1-flash-image': 1 } } },
  };

  it('releases the reservation, settles the bill and counts it on the day and model', () => {
    const after = settleOnShard(base, {
      reservedMicroUsd: 268_000,
      settledMicroUsd: 201_000,
      day: '2026-11-30',
      model: 'gemini-3.1-flash-image',
      outputs: 3,
    });
    expect(after).toEqual({
      reservedMicroUsd: 232_000,
      settledMicroUsd: 301_000,
      days: {
        '2026-11-29': { settledMicroUsd: 100_000, outputs: { 'gemini-3.1-flash-image': 1 } },
        '2026-11-30': { settledMicroUsd: 201_000, outputs: { 'gemini-3.1-flash-image': 3 } },
      },
    });
    expect(base.reservedMicroUsd).toBe(500_000);
  });

  it('adds to a day and model already counted, and keeps models apart', () => {
    const once = settleOnShard(base, {
      reservedMicroUsd: 67_000,
      settledMicroUsd: 67_000,
      day: '2026-11-29',
      model: 'gemini-3.1-flash-image',
      outputs: 1,
    });
    const twice = settleOnShard(once, {
      reservedMicroUsd: 39_000,
      settledMicroUsd: 39_000,
      day: '2026-11-29',
      model: 'gemini-2.5-flash-image',
      outputs: 1,
    });
    expect(twice.days['2026-11-29']).toEqual({
      settledMicroUsd: 206_000,
      outputs: { 'gemini-3.1-flash-image': 2, 'gemini-2.5-flash-image': 1 },
    });
  });

  it('counts no outputs for a failed job but still books what Vertex billed', () => {
    const after = settleOnShard(emptyShard(), {
      reservedMicroUsd: 0,
      settledMicroUsd: 67_000,
      day: '2026-12-01',
      model: 'gemini-3.1-flash-image',
      outputs: 0,
    });
    expect(after.days['2026-12-01']).toEqual({ settledMicroUsd: 67_000, outputs: {} });
    expect(after.reservedMicroUsd).toBe(0);
  });
});
