import { documentTransaction, type DocumentTransaction } from '@phoenix/core';
import {
  FieldValue,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';

/** Core's token movement and job endings, run inside a firebase-admin transaction. */
export function moneyTx(db: Firestore, tx: Transaction): DocumentTransaction {
  return documentTransaction<DocumentReference>(tx, (path) => db.doc(path), {
    serverTime: () => FieldValue.serverTimestamp(),
    arrayRemove: (value) => FieldValue.arrayRemove(value),
  });
}
