import { describe, expect, it } from 'vitest';
import { documentTransaction } from './money.ts';

/** A transaction over a plain map that counts its round trips. */
function countingTransaction(docs: Record<string, object>) {
  const calls = { get: 0, getAll: 0 };
  const snapshot = (path: string) => ({ data: () => (docs[path] ? { ...docs[path] } : undefined) });
  const tx = {
    get: async (path: string) => {
      calls.get += 1;
      return snapshot(path);
    },
    getAll: async (...paths: string[]) => {
      calls.getAll += 1;
      return paths.map(snapshot);
    },
    create: () => undefined,
    update: () => undefined,
    set: () => undefined,
  };
  const t = documentTransaction(tx, (path) => path, {
    serverTime: () => 'now',
    arrayRemove: (value) => value,
  });
  return { t, calls };
}

describe('documentTransaction prefetch', () => {
  it('reads every prefetched document in one round trip and answers later gets from it', async () => {
    const { t, calls } = countingTransaction({
      'accounts/u1': { balance: 50 },
      'config/limits': { cap: 10 },
    });
    await t.prefetch(['accounts/u1', 'config/limits', 'accounts/u1', 'spend/missing']);

    expect(await t.get('accounts/u1')).toEqual({ balance: 50 });
    expect(await t.get('config/limits')).toEqual({ cap: 10 });
    expect(await t.get('spend/missing')).toBeUndefined();
    expect(calls).toEqual({ get: 0, getAll: 1 });
  });

  it('hands out a fresh copy on each get, as an SDK read would', async () => {
    const { t } = countingTransaction({ 'accounts/u1': { balance: 50 } });
    await t.prefetch(['accounts/u1']);
    const first = (await t.get('accounts/u1')) as { balance: number };
    first.balance = 0;
    expect(await t.get('accounts/u1')).toEqual({ balance: 50 });
  });

  it('still reads what was not prefetched, and prefetches nothing twice', async () => {
    const { t, calls } = countingTransaction({ 'accounts/u1': { balance: 50 } });
    await t.prefetch(['accounts/u1']);
    await t.prefetch(['accounts/u1']);
    expect(await t.get('jobs/j1')).toBeUndefined();
    expect(calls).toEqual({ get: 1, getAll: 1 });
  });
});
