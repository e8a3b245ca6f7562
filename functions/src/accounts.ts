import {
  FieldValue,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import {
  STARTING_GRANT_TOKENS,
  ledgerEntry,
  ledgerEntryIds,
  paths,
  type AccountDoc,
  type LedgerEntryDoc,
  type LedgerKind,
  type LedgerReason,
} from '@phoenix/core';

/** A caller's account as one transaction read it. */
export interface AccountInTransaction {
  uid: string;
  ref: DocumentReference;
  /** Spendable tokens; for an account that does not exist yet, the starting grant it will open with. */
  balance: number;
  /** True when the transaction has to create the account (first use). */
  isNew: boolean;
}

/** A token movement: `tokens` is signed (debits negative), `entryId` makes it happen at most once. */
export interface TokenMovement {
  entryId: string;
  kind: Exclude<LedgerKind, 'grant'>;
  tokens: number;
  jobId: string;
  reason: LedgerReason;
}

/**
 * Reads the caller's account in `tx`. A missing account reads as a new one
 * holding the starting grant; `moveTokens` or `openAccount` create it in the
 * same transaction, so the grant is booked exactly once even if two first
 * calls race (the loser's transaction retries and finds the account).
 */
export async function readAccount(
  tx: Transaction,
  db: Firestore,
  uid: string,
): Promise<AccountInTransaction> {
  const ref = db.doc(paths.account(uid));
  const snapshot = await tx.get(ref);
  if (!snapshot.exists) return { uid, ref, balance: STARTING_GRANT_TOKENS, isNew: true };
  return { uid, ref, balance: (snapshot.data() as AccountDoc).balance, isNew: false };
}

/**
 * Books `movement` against the account read in `tx`: the new balance, and a
 * ledger line created (not set) under an id derived from the job, so a second
 * debit or refund of the same job fails the transaction instead of adding up.
 * Returns the balance after the movement.
 */
export function moveTokens(
  tx: Transaction,
  db: Firestore,
  account: AccountInTransaction,
  movement: TokenMovement,
): number {
  const balanceAfter = account.balance + movement.tokens;
  writeBalance(tx, db, account, balanceAfter);
  const line: LedgerEntryDoc<FieldValue> = {
    ...ledgerEntry(movement.kind, movement.tokens, balanceAfter, movement.jobId, movement.reason),
    createdAt: FieldValue.serverTimestamp(),
  };
  tx.create(db.doc(paths.ledgerEntry(account.uid, movement.entryId)), line);
  return balanceAfter;
}

/** Creates the account read in `tx` if it is new; an existing one is left untouched. */
export function openAccount(tx: Transaction, db: Firestore, account: AccountInTransaction): void {
  if (account.isNew) writeBalance(tx, db, account, account.balance);
}

/** What the `ensureAccount` callable does: the caller's account exists afterwards, with its live balance. */
export async function ensureAccountFor(db: Firestore, uid: string): Promise<{ balance: number }> {
  return db.runTransaction(async (tx) => {
    const account = await readAccount(tx, db, uid);
    openAccount(tx, db, account);
    return { balance: account.balance };
  });
}

/** Writes the account once per transaction; a new one is created together with its starting-grant line. */
function writeBalance(tx: Transaction, db: Firestore, account: AccountInTransaction, balance: number): void {
  const now = FieldValue.serverTimestamp();
  if (!account.isNew) {
    tx.update(account.ref, { balance, updatedAt: now });
    return;
  }
  const created: AccountDoc<FieldValue> = { balance, createdAt: now, updatedAt: now };
  tx.create(account.ref, created);
  const grant: LedgerEntryDoc<FieldValue> = {
    ...ledgerEntry('grant', STARTING_GRANT_TOKENS, STARTING_GRANT_TOKENS, null, { code: 'starting_grant' }),
    createdAt: now,
  };
  tx.create(db.doc(paths.ledgerEntry(account.uid, ledgerEntryIds.startingGrant)), grant);
}
