import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { paths, type BuiltNotification, type NotificationDoc } from '@phoenix/core';

/**
 * Writes a notification built by core inside `tx`. A blind `set` (no read),
 * so it never adds a read to the caller's transaction, and a retried write of
 * the same cause lands on the same id instead of adding a second item.
 */
export function writeNotification(
  tx: Transaction,
  db: Firestore,
  uid: string,
  built: BuiltNotification,
): void {
  const item: NotificationDoc<FieldValue> = { ...built.body, updatedAt: FieldValue.serverTimestamp() };
  tx.set(db.doc(paths.notification(uid, built.id)), item);
}
