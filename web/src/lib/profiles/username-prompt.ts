/**
 * The username dialog's rules, as data: when to ask, what to say about what
 * was typed, and how to find a free suggestion. Validation is core's
 * `checkUsername`, the same the claim callable runs, so the dialog never
 * accepts what the server would refuse. Pure: reads are injected.
 */
import { checkUsername, suggestUsername, usernameKey } from '@phoenix/core';

/** What the dialog knows about the name in the field. */
export type Availability =
  | { status: 'empty' }
  | { status: 'invalid'; message: string }
  | { status: 'checking' }
  | { status: 'available' }
  /** The signed-in user already holds this name. */
  | { status: 'yours' }
  | { status: 'taken' }
  | { status: 'error'; message: string };

/** The sentence under the field; null when there is nothing to say. */
export function availabilityText(availability: Availability, username: string): string | null {
  switch (availability.status) {
    case 'empty':
      return null;
    case 'invalid':
    case 'error':
      return availability.message;
    case 'checking':
      return 'Checking…';
    case 'available':
      return `“${username.trim()}” is available.`;
    case 'yours':
      return 'This is already your username.';
    case 'taken':
      return `“${username.trim()}” is taken. Try another, or use the suggestion.`;
  }
}

/** The state before any read: empty, invalid (with core's words) or about to be checked. */
export function localAvailability(raw: string): Availability {
  if (raw.trim() === '') return { status: 'empty' };
  const check = checkUsername(raw);
  return check.ok ? { status: 'checking' } : { status: 'invalid', message: check.message };
}

/** What a read of `usernames/{key}` means for `uid`. */
export function availabilityFromHolder(holderUid: string | null, uid: string): Availability {
  if (holderUid === null) return { status: 'available' };
  return holderUid === uid ? { status: 'yours' } : { status: 'taken' };
}

/** Whether the claim button may be pressed. */
export function canClaim(availability: Availability): boolean {
  return availability.status === 'available';
}

/**
 * A free, valid suggestion near `base`, confirmed by reads: core proposes a
 * candidate, a read says whether it is held, and a held one is fed back so
 * core proposes the next. Null when `base` gives nothing or every read said
 * taken.
 * @param isTaken Reads `usernames/{key}`; true when someone holds it.
 * @param maxReads Reads at most this many names; default 4.
 */
export async function findFreeUsername(
  base: string,
  isTaken: (key: string) => Promise<boolean>,
  maxReads = 4,
): Promise<string | null> {
  const known = new Set<string>();
  for (let read = 0; read < maxReads; read += 1) {
    const candidate = suggestUsername(base, (key) => known.has(usernameKey(key)));
    if (candidate === null) return null;
    const key = usernameKey(candidate);
    if (!(await isTaken(key))) return candidate;
    known.add(key);
  }
  return null;
}

/** Where a suggestion starts: the email's local part, else the display name, else a plain word. */
export function suggestionBase(user: { email: string | null; displayName: string | null }): string {
  const local = user.email?.split('@')[0]?.trim();
  if (local) return local;
  const name = user.displayName?.trim();
  return name ? name : 'artist';
}

/** The localStorage key that remembers "not now" for one user on this device. */
export function skipStorageKey(uid: string): string {
  return `phoenix.username-prompt.skipped.${uid}`;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/** Whether this user chose "not now" on this device; storage that throws (private mode) counts as no. */
export function wasSkipped(storage: StorageLike | undefined, uid: string): boolean {
  try {
    return storage?.getItem(skipStorageKey(uid)) === '1';
  } catch {
    return false;
  }
}

/** Remembers "not now"; without working storage the choice lasts until the page reloads. */
export function rememberSkip(storage: StorageLike | undefined, uid: string): void {
  try {
    storage?.setItem(skipStorageKey(uid), '1');
  } catch {
    // Nothing to do: the dialog stays closed for this page's life anyway.
  }
}

/**
 * Whether to open the dialog by itself: a signed-in user whose profile has
 * loaded without a username, who has not said "not now" here.
 * @param profile undefined while loading; null when the profile document does not exist yet.
 */
export function shouldPromptForUsername(
  profile: { username: string | null } | null | undefined,
  skipped: boolean,
): boolean {
  if (profile === undefined || skipped) return false;
  return profile === null || profile.username === null;
}
