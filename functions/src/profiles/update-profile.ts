import type { Firestore } from 'firebase-admin/firestore';
import {
  bioToStore,
  parseRequest,
  updateProfileRequestSchema,
  type UpdateProfileResponse,
} from '@phoenix/core';
import { readProfile, writeProfile } from './profile-store.ts';

/**
 * Edits the caller's own profile (today: the bio). A field left out stays as
 * it was; an empty bio clears it. The profile is created on first use.
 */
export async function updateProfileFor(
  db: Firestore,
  uid: string,
  data: unknown,
): Promise<UpdateProfileResponse> {
  const request = parseRequest(updateProfileRequestSchema, data);
  return db.runTransaction(async (tx) => {
    const profile = await readProfile(tx, db, uid);
    const bio = request.bio === undefined ? (profile.doc?.bio ?? null) : bioToStore(request.bio);
    writeProfile(tx, uid, profile, request.bio === undefined ? {} : { bio });
    return { bio };
  });
}
