/**
 * Profiles and usernames, live, plus the two profile callables.
 *
 * Decision: authors are joined in the client, not copied onto posts. Each
 * card asks this cache for its author's `profiles/{uid}`; the cache holds one
 * `onSnapshot` per uid, shared by every card, byline and page that shows that
 * user, counted by subscriber and kept for a short while after the last one
 * leaves. So a rename (or a new bio, or a count) reaches every open screen
 * within a listener round-trip, and a rename costs one profile write instead
 * of rewriting every post the user ever made in batches, which would take
 * minutes for a prolific user, race with new posts, and leave old names on
 * screen until the fan-out finished. The price is one small read per distinct
 * author on screen, which a feed of a few dozen cards keeps low, and which the
 * persistent cache answers at once on a repeat visit.
 */
import {
  paths,
  type ClaimUsernameRequest,
  type ClaimUsernameResponse,
  type ProfileDoc,
  type UpdateProfileRequest,
  type UpdateProfileResponse,
  type UsernameDoc,
} from '@phoenix/core';
import { doc, getDoc, onSnapshot } from 'firebase/firestore';
import { derived, readable, type Readable } from 'svelte/store';
import { createSharedListeners } from '../profiles/shared-listeners.ts';
import { toProfileView, type ProfileView } from '../profiles/profile-view.ts';
import { getFirebase } from './app.ts';
import { currentUid } from './auth.ts';
import { callAction, type ActionResult } from './callable.ts';
import { describeListenError } from './firestore-errors.ts';

export type { ProfileView };

export type ProfileState =
  | { status: 'loading' }
  /** `profile` is null when the user has never had a profile written (no name, no posts yet). */
  | { status: 'ready'; profile: ProfileView | null }
  | { status: 'error'; message: string };

/** How long a profile listener outlives its last subscriber, in ms. */
export const PROFILE_LINGER_MS = 30_000;

const profiles = createSharedListeners<string, ProfileState>(
  (uid, emit) =>
    onSnapshot(
      doc(getFirebase().db, paths.profile(uid)),
      { includeMetadataChanges: true },
      (snapshot) => {
        // A cache miss offline is "not known yet", not "no profile".
        if (!snapshot.exists() && snapshot.metadata.fromCache) return;
        const data = snapshot.data() as Partial<ProfileDoc> | undefined;
        emit({ status: 'ready', profile: data ? toProfileView(uid, data) : null });
      },
      (failure) => emit({ status: 'error', message: describeListenError(failure) }),
    ),
  () => ({ status: 'loading' }),
  { lingerMs: PROFILE_LINGER_MS },
);

/** `profiles/{uid}`, live, through the shared cache. */
export function watchProfile(uid: string): Readable<ProfileState> {
  if (!uid || uid.includes('/')) {
    return readable<ProfileState>({ status: 'ready', profile: null });
  }
  return readable<ProfileState>({ status: 'loading' }, (set) => profiles.subscribe(uid, set));
}

/** The signed-in user's own profile: undefined while unknown, null signed out. */
export const myProfile: Readable<{ uid: string; state: ProfileState } | null | undefined> = derived<
  typeof currentUid,
  { uid: string; state: ProfileState } | null | undefined
>(
  currentUid,
  ($uid, set) => {
    if ($uid === undefined || $uid === null) {
      set($uid);
      return;
    }
    return watchProfile($uid).subscribe((state) => set({ uid: $uid, state }));
  },
  undefined,
);

export type UsernameLookup =
  | { status: 'loading' }
  | { status: 'found'; uid: string }
  | { status: 'missing' }
  | { status: 'error'; message: string };

/**
 * Who holds `usernames/{key}`, live: a rename frees the key, and a page
 * open on the old name then says so instead of showing a stale profile.
 */
export function watchUsername(key: string): Readable<UsernameLookup> {
  // Keys are [a-z0-9_]; anything else (a slash would even address another collection) holds nobody.
  if (!/^[a-z0-9_]{1,40}$/.test(key)) return readable<UsernameLookup>({ status: 'missing' });
  return readable<UsernameLookup>({ status: 'loading' }, (set) =>
    onSnapshot(
      doc(getFirebase().db, paths.username(key)),
      { includeMetadataChanges: true },
      (snapshot) => {
        if (!snapshot.exists() && snapshot.metadata.fromCache) return;
        const uid = (snapshot.data() as UsernameDoc | undefined)?.uid;
        set(uid ? { status: 'found', uid } : { status: 'missing' });
      },
      (failure) => set({ status: 'error', message: describeListenError(failure) }),
    ),
  );
}

/** Who holds `key` right now (null when free). Rejects when the read fails. */
export async function usernameHolder(key: string): Promise<string | null> {
  const snapshot = await getDoc(doc(getFirebase().db, paths.username(key)));
  return (snapshot.data() as UsernameDoc | undefined)?.uid ?? null;
}

export type ProfileActionResult<T> = ActionResult<T>;

/** Claims (or changes to) `username`; `already-exists` comes back in words. */
export async function claimUsername(username: string): Promise<ProfileActionResult<ClaimUsernameResponse>> {
  const result = await callAction<ClaimUsernameRequest, ClaimUsernameResponse>('claimUsername', { username });
  return result.ok ? { ok: true, ...result.data } : result;
}

/** Saves the bio; an empty one clears it. */
export async function updateBio(bio: string): Promise<ProfileActionResult<UpdateProfileResponse>> {
  const result = await callAction<UpdateProfileRequest, UpdateProfileResponse>('updateProfile', { bio });
  return result.ok ? { ok: true, ...result.data } : result;
}
