/**
 * The signed-in user's token history, live from `accounts/{uid}/ledger`:
 * every grant, debit and refund, newest first. Services write the lines;
 * this only reads them and turns each into a {@link LedgerLineView}.
 */
import { paths, type LedgerEntryDoc, type LedgerKind } from '@phoenix/core';
import {
  collection,
  limit,
  onSnapshot,
  orderBy,
  query,
  type Firestore,
  type Query,
} from 'firebase/firestore';
import { describeLedgerLine, type LedgerLineView } from '../ledger/ledger-presentation.ts';
import { getFirebase } from './app.ts';
import { millis } from './documents.ts';
import { describeListenError } from './firestore-errors.ts';
import { perUser } from './user-store.ts';

/** How many lines the token history shows. */
export const LEDGER_HISTORY_LIMIT = 20;

/**
 * One user's ledger, newest first. A single-field order inside one
 * subcollection, so no composite index is needed.
 * @param max Page size; default {@link LEDGER_HISTORY_LIMIT}.
 */
export function ledgerHistoryQuery(db: Firestore, uid: string, max = LEDGER_HISTORY_LIMIT): Query {
  return query(collection(db, paths.ledger(uid)), orderBy('createdAt', 'desc'), limit(max));
}

const kinds: readonly LedgerKind[] = ['grant', 'debit', 'refund', 'admin_grant'];

/**
 * A ledger document as the history renders it. Pure: `data` is what
 * `snapshot.data()` returns. A field the server should always write but did
 * not still gives a readable line rather than breaking the list.
 */
export function toLedgerLine(id: string, data: LedgerEntryDoc): LedgerLineView {
  const tokens = Number.isFinite(data.tokens) ? data.tokens : 0;
  const kind: LedgerKind = kinds.includes(data.kind) ? data.kind : tokens < 0 ? 'debit' : 'grant';
  return {
    id,
    kind,
    tokens,
    balanceAfter: Number.isFinite(data.balanceAfter) ? data.balanceAfter : 0,
    jobId: typeof data.jobId === 'string' && data.jobId !== '' ? data.jobId : null,
    description: describeLedgerLine(kind, data.reason),
    createdAtMs: millis(data.createdAt),
  };
}

export type LedgerHistoryState =
  | { status: 'signed-out' }
  | { status: 'loading' }
  | { status: 'ready'; lines: LedgerLineView[] }
  | { status: 'error'; message: string };

/** Live history of whoever is signed in; the listener runs while something reads it. */
export const ledgerHistory = perUser<Extract<LedgerHistoryState, { status: 'ready' | 'error' }>>(
  (uid, set) => {
    let loaded = false;
    return onSnapshot(
      ledgerHistoryQuery(getFirebase().db, uid),
      // Metadata changes included: when the server confirms an empty result the
      // cache already showed, only `fromCache` changes, and that must arrive.
      { includeMetadataChanges: true },
      (snapshot) => {
        // Offline, the SDK answers from its empty cache after a while; that is
        // "not loaded yet", not "no history", so the skeleton stays.
        if (!loaded && snapshot.empty && snapshot.metadata.fromCache) return;
        loaded = true;
        set({
          status: 'ready',
          lines: snapshot.docs.map((document) =>
            toLedgerLine(document.id, document.data({ serverTimestamps: 'estimate' }) as LedgerEntryDoc),
          ),
        });
      },
      (error) => set({ status: 'error', message: describeListenError(error) }),
    );
  },
);
