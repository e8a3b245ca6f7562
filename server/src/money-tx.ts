import {
  FieldValue,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { documentTransaction, type DocumentTransaction } from '@phoenix/core';

/** Core's money code over an Admin SDK transaction. */
export function moneyTx(db: Firestore, tx: Transaction): DocumentTransaction {
  return documentTransaction<DocumentReference>(tx, (path) => db.doc(path), {
    serverTime: () => FieldValue.serverTimestamp(),
    arrayRemove: (value) => FieldValue.arrayRemove(value),
  });
}
