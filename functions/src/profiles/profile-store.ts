import {
  FieldValue,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { newProfileFields, paths, type ProfileDoc } from '@phoenix/core';

/** A user's profile as one transaction read it; `doc` is null when it does not exist yet. */
export interface ProfileInTransaction {
  ref: DocumentReference;
  doc: ProfileDoc | null;
}

export async function readProfile(
  tx: Transaction,
  db: Firestore,
  uid: string,
): Promise<ProfileInTransaction> {
  const ref = db.doc(paths.profile(uid));
  const snapshot = await tx.get(ref);
  return { ref, doc: snapshot.exists ? (snapshot.data() as ProfileDoc) : null };
}

/**
 * Writes `changes` to the profile read in `tx`. A profile that does not exist
 * yet is created whole (zero counts, the uid's avatar colour) with the changes
 * on top, so every profile a reader finds has every field.
 */
export function writeProfile(
  tx: Transaction,
  uid: string,
  profile: ProfileInTransaction,
  changes: Partial<Pick<ProfileDoc, 'username' | 'usernameLower' | 'bio'>>,
): void {
  const now = FieldValue.serverTimestamp();
  if (profile.doc) {
    tx.update(profile.ref, { ...changes, updatedAt: now });
    return;
  }
  const created: ProfileDoc<FieldValue> = {
    ...newProfileFields(uid),
    ...changes,
    createdAt: now,
    updatedAt: now,
  };
  tx.create(profile.ref, created);
}
