import type { Firestore } from 'firebase-admin/firestore';
import { PhoenixError } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { acceptJob, type AcceptSpec } from './accept.ts';

/** A database whose reads find nothing and whose every transaction ends as `outcome` says. */
function databaseEndingTransactionsWith(outcome: unknown) {
  const calls = { transactions: 0, enqueues: 0 };
  const db = {
    doc: () => ({ get: async () => ({ exists: false, data: () => undefined }) }),
    runTransaction: async () => {
      calls.transactions += 1;
      throw outcome;
    },
  } as unknown as Firestore;
  const spec: AcceptSpec = {
    kind: 'image',
    jobId: 'job-1',
    replayable: false,
    decide: async () => {
      throw new Error('not reached: the transaction never runs its body here');
    },
    enqueue: async () => {
      calls.enqueues += 1;
    },
  };
  return { db, spec, calls };
}

const refusalOf = (work: Promise<unknown>) =>
  work.then(
    () => 'accepted',
    (error: unknown) => (error instanceof PhoenixError ? error.code : `raw: ${String(error)}`),
  );

describe('acceptJob under contention', () => {
  it('answers overloaded when the transaction gave up as ABORTED, and enqueues nothing', async () => {
    const { db, spec, calls } = databaseEndingTransactionsWith(
      Object.assign(new Error('10 ABORTED'), { code: 10 }),
    );
    expect(await refusalOf(acceptJob({ db }, 'u1', spec))).toBe('overloaded');
    expect(calls).toEqual({ transactions: 1, enqueues: 0 });
  });

  it('answers overloaded when the Admin SDK ran out of attempts', async () => {
    const { db, spec } = databaseEndingTransactionsWith(
      new Error('Exceeded maximum number of retries allowed.'),
    );
    expect(await refusalOf(acceptJob({ db }, 'u1', spec))).toBe('overloaded');
  });

  it('answers overloaded when the emulator says the transaction expired', async () => {
    const { db, spec } = databaseEndingTransactionsWith(
      Object.assign(new Error('3 INVALID_ARGUMENT: Transaction is invalid or expired.'), { code: 3 }),
    );
    expect(await refusalOf(acceptJob({ db }, 'u1', spec))).toBe('overloaded');
  });

  it('answers overloaded when the transaction expired while it waited on locks', async () => {
    const { db, spec, calls } = databaseEndingTransactionsWith(
      Object.assign(
        new Error('3 INVALID_ARGUMENT: The referenced transaction has expired or is no longer valid.'),
        {
          code: 3,
        },
      ),
    );
    expect(await refusalOf(acceptJob({ db }, 'u1', spec))).toBe('overloaded');
    expect(calls).toEqual({ transactions: 1, enqueues: 0 });
  });

  it('lets any other failure through as it is, an invalid argument that is not an expiry included', async () => {
    const invalid = databaseEndingTransactionsWith(
      Object.assign(new Error('3 INVALID_ARGUMENT: too many writes'), { code: 3 }),
    );
    expect(await refusalOf(acceptJob({ db: invalid.db }, 'u1', invalid.spec))).toBe(
      'raw: Error: 3 INVALID_ARGUMENT: too many writes',
    );
    const { db, spec } = databaseEndingTransactionsWith(
      Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }),
    );
    expect(await refusalOf(acceptJob({ db }, 'u1', spec))).toBe('raw: Error: 14 UNAVAILABLE');
  });
});
