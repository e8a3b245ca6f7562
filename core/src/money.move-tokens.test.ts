import { describe, expect, it } from 'vitest';
import type { AccountUsage } from './documents.ts';
import { ledgerEntryIds, paths } from './firestore-paths.ts';
import { MemoryStore, serverTimeSentinel } from './money.test-support.ts';
import { moveTokens, readAccountIn, type TokenMovement } from './money.ts';

const grant: TokenMovement = {
  entryId: ledgerEntryIds.startingGrant,
  kind: 'grant',
  tokens: 50,
  jobId: null,
  reason: { code: 'starting_grant' },
};
const debit = (jobId: string, tokens: number): TokenMovement => ({
  entryId: ledgerEntryIds.debit(jobId),
  kind: 'debit',
  tokens: -tokens,
  jobId,
  reason: { code: 'job_accepted', count: 2, model: 'gemini-3.1-flash-image' },
});
const usage: AccountUsage = { recentAcceptsMs: [1], day: '2026-11-30', dayTokens: 4 };

describe('moveTokens', () => {
  it('creates an account that does not exist yet, with its ledger line', async () => {
    const store = new MemoryStore();
    const balance = await store.transact(async (t) => moveTokens(t, await readAccountIn(t, 'u1'), grant));
    expect(balance).toBe(50);
    expect(store.writes).toEqual([
      {
        op: 'create',
        path: paths.account('u1'),
        data: { balance: 50, updatedAt: serverTimeSentinel, createdAt: serverTimeSentinel },
      },
      {
        op: 'create',
        path: paths.ledgerEntry('u1', 'grant_start'),
        data: {
          kind: 'grant',
          tokens: 50,
          balanceAfter: 50,
          jobId: null,
          reason: { code: 'starting_grant' },
          createdAt: serverTimeSentinel,
        },
      },
    ]);
  });

  it('updates an existing balance and the usage it is given', async () => {
    const store = new MemoryStore({ [paths.account('u1')]: { balance: 10 } });
    const balance = await store.transact(async (t) =>
      moveTokens(t, await readAccountIn(t, 'u1'), debit('j1', 4), usage),
    );
    expect(balance).toBe(6);
    expect(store.get(paths.account('u1'))).toEqual({ balance: 6, updatedAt: serverTimeSentinel, usage });
    expect(store.get(paths.ledgerEntry('u1', 'debit_j1'))).toMatchObject({
      kind: 'debit',
      tokens: -4,
      balanceAfter: 6,
      jobId: 'j1',
    });
  });

  it('leaves the stored usage alone when given none', async () => {
    const store = new MemoryStore({ [paths.account('u1')]: { balance: 10, usage } });
    await store.transact(async (t) =>
      moveTokens(t, await readAccountIn(t, 'u1'), {
        ...grant,
        entryId: 'admin_x',
        kind: 'admin_grant',
        reason: { code: 'admin_grant', note: 'thanks' },
      }),
    );
    expect(store.get(paths.account('u1'))).toMatchObject({ balance: 60, usage });
    expect(store.writes[0]!.data).not.toHaveProperty('usage');
  });

  it('books one cause once: a second movement with the same entry id fails and changes nothing', async () => {
    const store = new MemoryStore({ [paths.account('u1')]: { balance: 10 } });
    await store.transact(async (t) => moveTokens(t, await readAccountIn(t, 'u1'), debit('j1', 4)));
    await expect(
      store.transact(async (t) => moveTokens(t, await readAccountIn(t, 'u1'), debit('j1', 4))),
    ).rejects.toThrow(/ALREADY_EXISTS: accounts\/u1\/ledger\/debit_j1/);
    expect(store.get(paths.account('u1'))).toMatchObject({ balance: 6 });
    expect(store.writes.filter((write) => write.path.includes('/ledger/'))).toHaveLength(1);
  });

  it('never takes a balance below zero, and writes nothing when it would', async () => {
    const store = new MemoryStore({ [paths.account('u1')]: { balance: 3 } });
    await expect(
      store.transact(async (t) => moveTokens(t, await readAccountIn(t, 'u1'), debit('j1', 4))),
    ).rejects.toThrow(RangeError);
    expect(store.writes).toEqual([]);
    const exact = await store.transact(async (t) =>
      moveTokens(t, await readAccountIn(t, 'u1'), debit('j2', 3)),
    );
    expect(exact).toBe(0);
  });

  it('chains movements in one transaction from the balance the last one left', async () => {
    const store = new MemoryStore();
    const after = await store.transact(async (t) => {
      const account = await readAccountIn(t, 'u1');
      moveTokens(t, account, grant);
      return moveTokens(t, account, debit('j1', 4), usage);
    });
    expect(after).toBe(46);
    expect(store.get(paths.account('u1'))).toMatchObject({ balance: 46, usage });
    expect(store.get(paths.ledgerEntry('u1', 'debit_j1'))).toMatchObject({ balanceAfter: 46 });
  });
});

describe('readAccountIn', () => {
  it('reads a missing account as an empty one', async () => {
    const store = new MemoryStore();
    expect(await store.transact((t) => readAccountIn(t, 'u9'))).toEqual({
      uid: 'u9',
      exists: false,
      balance: 0,
      usage: undefined,
    });
  });
});
