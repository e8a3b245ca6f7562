import type { LedgerEntryDoc } from '@phoenix/core';
import { deleteApp, initializeApp } from 'firebase/app';
import { collection, getFirestore, limit, orderBy, query, queryEqual } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { LEDGER_HISTORY_LIMIT, ledgerHistoryQuery, toLedgerLine } from './ledger.ts';

const at = (ms: number) => ({ toMillis: () => ms });

function entry(overrides: Partial<Record<keyof LedgerEntryDoc, unknown>>): LedgerEntryDoc {
  return {
    kind: 'debit',
    tokens: -2,
    balanceAfter: 48,
    jobId: 'job_1',
    reason: { code: 'job_accepted', count: 2, model: 'gemini-3.1-flash-image' },
    createdAt: at(1_700_000_000_000),
    ...overrides,
  } as LedgerEntryDoc;
}

describe('toLedgerLine', () => {
  it('keeps the amount, balance and job, renders the coded reason and reads the time in ms', () => {
    expect(toLedgerLine('debit_job_1', entry({}))).toEqual({
      id: 'debit_job_1',
      kind: 'debit',
      tokens: -2,
      balanceAfter: 48,
      jobId: 'job_1',
      description: '2 images with Gemini 3.1 Flash Image',
      createdAtMs: 1_700_000_000_000,
    });
  });

  it('gives a grant without a job a null job id', () => {
    const line = toLedgerLine(
      'starting_grant',
      entry({ kind: 'grant', tokens: 50, balanceAfter: 50, jobId: null, reason: { code: 'starting_grant' } }),
    );
    expect(line).toMatchObject({ kind: 'grant', tokens: 50, jobId: null, description: 'Welcome tokens' });
  });

  it('still gives a readable line when the server wrote something unexpected', () => {
    const line = toLedgerLine(
      'odd',
      entry({ kind: 'bonus', tokens: 'lots', balanceAfter: undefined, jobId: '', reason: 'raw text' }),
    );
    expect(line).toMatchObject({
      kind: 'grant',
      tokens: 0,
      balanceAfter: 0,
      jobId: null,
      description: 'Tokens added',
    });
    expect(toLedgerLine('odd', entry({ kind: 'bonus', tokens: -3 })).kind).toBe('debit');
  });
});

describe('ledgerHistoryQuery', () => {
  // A real Firestore instance: building a query needs no connection.
  const app = initializeApp({ projectId: 'demo-ledger', apiKey: 'demo' }, 'ledger-query-test');
  const db = getFirestore(app);
  afterAll(() => deleteApp(app));

  it('reads the user’s own ledger, newest first, 20 at most', () => {
    const expected = query(
      collection(db, 'accounts/uid_ada/ledger'),
      orderBy('createdAt', 'desc'),
      limit(20),
    );
    expect(LEDGER_HISTORY_LIMIT).toBe(20);
    expect(queryEqual(ledgerHistoryQuery(db, 'uid_ada'), expected)).toBe(true);
    expect(queryEqual(ledgerHistoryQuery(db, 'uid_grace'), expected)).toBe(false);
    expect(queryEqual(ledgerHistoryQuery(db, 'uid_ada', 5), expected)).toBe(false);
  });
});
