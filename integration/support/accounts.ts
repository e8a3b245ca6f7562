import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { STARTING_GRANT_TOKENS, ledgerEntryIds, paths } from '@phoenix/core';

/**
 * Gives `uid` an account holding `tokens`, booked as the starting grant (as
 * `ensureAccount` books it for a verified address), for tests that call a
 * handler in-process with a bare uid.
 */
export async function fundAccount(db: Firestore, uid: string, tokens = STARTING_GRANT_TOKENS): Promise<void> {
  const now = FieldValue.serverTimestamp();
  const batch = db.batch();
  batch.create(db.doc(paths.account(uid)), { balance: tokens, createdAt: now, updatedAt: now });
  batch.create(db.doc(paths.ledgerEntry(uid, ledgerEntryIds.startingGrant)), {
    kind: 'grant',
    tokens,
    balanceAfter: tokens,
    jobId: null,
    reason: { code: 'starting_grant' },
    createdAt: now,
  });
  await batch.commit();
}
