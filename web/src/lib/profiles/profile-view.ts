/**
 * Profiles as the pages hold them, and how an author is shown. Pure: the
 * input is what `snapshot.data()` returns, so it is tested without Firestore.
 */
import {
  avatarColorFor,
  displayName,
  usernameKey,
  type AvatarColor,
  type ProfileCounts,
  type ProfileDoc,
} from '@phoenix/core';

export interface ProfileView {
  uid: string;
  /** Display form of the username, or null until one is claimed. */
  username: string | null;
  bio: string | null;
  avatarColor: AvatarColor | string;
  counts: ProfileCounts;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** A stored profile, with safe defaults for any field an older or partial document lacks. */
export function toProfileView(uid: string, data: Partial<ProfileDoc> | undefined): ProfileView {
  return {
    uid,
    username: typeof data?.username === 'string' && data.username ? data.username : null,
    bio: typeof data?.bio === 'string' && data.bio ? data.bio : null,
    avatarColor: typeof data?.avatarColor === 'string' ? data.avatarColor : avatarColorFor(uid),
    counts: { posts: count(data?.counts?.posts), likesReceived: count(data?.counts?.likesReceived) },
  };
}

/** Everything a byline needs. */
export interface Author {
  /** The username, or `anonymous-3f9a` (core's short id) without one. */
  name: string;
  /** One or two letters on the avatar. */
  initials: string;
  color: string;
  /** The `/u/{key}` segment, or null when there is no profile to link to. */
  profileKey: string | null;
  anonymous: boolean;
}

/**
 * How a user appears next to their work. Until the profile has loaded
 * (`profile` undefined) the colour is already right, derived from the uid,
 * so nothing repaints when the name arrives.
 */
export function authorOf(uid: string, profile: ProfileView | null | undefined): Author {
  const username = profile?.username ?? null;
  const name = displayName({ username }, uid);
  return {
    name,
    initials: username ? initialsOf(username) : '?',
    color: profile?.avatarColor ?? avatarColorFor(uid),
    profileKey: username ? usernameKey(username) : null,
    anonymous: username === null,
  };
}

/** `ada_lovelace` → `AL`, `ada` → `A`, `r2d2` → `R`: the letters a person would pick. */
export function initialsOf(username: string): string {
  const words = username.split('_').filter((word) => /[a-z]/i.test(word));
  const letters = words.map((word) => word.match(/[a-z]/i)![0]!.toUpperCase());
  if (letters.length === 0) return username.charAt(0).toUpperCase() || '?';
  return letters.slice(0, 2).join('');
}
