import type { Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  claimUsernameRequestSchema,
  parseRequest,
  paths,
  planUsernameClaim,
  usernameKey,
  usernameTakenMessage,
  type ClaimUsernameResponse,
  type UsernameDoc,
} from '@phoenix/core';
import { readProfile, writeProfile } from './profile-store.ts';

/**
 * Gives the caller `username`, in one transaction over `usernames/{key}` and
 * `profiles/{uid}`: two users racing for one name both read it free, but only
 * one commit survives; the other transaction retries, finds it held and
 * answers `already-exists`. The caller's previous name is freed in the same
 * commit, so a rename never leaves a name held twice or by nobody's profile.
 */
export async function claimUsernameFor(
  db: Firestore,
  uid: string,
  data: unknown,
): Promise<ClaimUsernameResponse> {
  const { username } = parseRequest(claimUsernameRequestSchema, data);
  const key = usernameKey(username);
  const nameRef = db.doc(paths.username(key));
  return db.runTransaction(async (tx) => {
    const profile = await readProfile(tx, db, uid);
    const held = await tx.get(nameRef);
    const holderUid = held.exists ? (held.data() as UsernameDoc).uid : null;
    const current = profile.doc?.username ?? null;
    const plan = planUsernameClaim({ uid, username, current, holderUid });
    if (plan.action === 'taken') {
      throw new PhoenixError('already_exists', usernameTakenMessage(username), 'username');
    }
    if (plan.action === 'unchanged') return { username };
    // Only a name this user holds is freed: a stale profile must never delete someone else's.
    const oldRef = plan.action === 'claim' && plan.release ? db.doc(paths.username(plan.release)) : null;
    const old = oldRef ? await tx.get(oldRef) : null;

    writeProfile(tx, uid, profile, { username, usernameLower: key });
    if (plan.action === 'claim') {
      const entry: UsernameDoc = { uid };
      // create, not set, for a free name: should the read ever be wrong, the commit fails instead of stealing it.
      if (holderUid === null) tx.create(nameRef, entry);
      if (oldRef && old?.exists && (old.data() as UsernameDoc).uid === uid) tx.delete(oldRef);
    }
    return { username };
  });
}
