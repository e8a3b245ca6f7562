import { isReservedDocumentId } from './firestore-limits.ts';

/**
 * Usernames: the rules a name must meet, written once so the claim callable,
 * the web's as-you-type check and the suggestions agree. A name is unique
 * case-insensitively: it is stored under its lowercase key
 * (`usernames/{key}`), while the profile may keep the case the user typed.
 */

/** Shortest username, in characters. */
export const USERNAME_MIN_LENGTH = 3;
/** Longest username, in characters. */
export const USERNAME_MAX_LENGTH = 20;

/** Letters, digits and underscore; letters in either case (the key is lowercase). */
const usernameCharacters = /^[A-Za-z0-9_]+$/;

/**
 * Names nobody may claim: the app's own routes (a profile lives at `/u/{name}`
 * today, but a shorter `/{name}` must stay possible), words that would pass
 * for the staff, and the placeholder shown for users without a name.
 */
export const reservedUsernames: ReadonlySet<string> = new Set([
  'about',
  'account',
  'accounts',
  'admin',
  'administrator',
  'anonymous',
  'api',
  'app',
  'assets',
  'auth',
  'create',
  'drafts',
  'explore',
  'feed',
  'help',
  'images',
  'jobs',
  'login',
  'logout',
  'me',
  'mod',
  'moderator',
  'new',
  'notifications',
  'null',
  'official',
  'p',
  'phoenix',
  'posts',
  'privacy',
  'profile',
  'profiles',
  'root',
  'settings',
  'signin',
  'signup',
  'staff',
  'static',
  'support',
  'system',
  'terms',
  'top',
  'u',
  'undefined',
  'usernames',
  'videos',
  'www',
]);

export type UsernameProblem = 'too_short' | 'too_long' | 'characters' | 'reserved';

export type UsernameCheck =
  | {
      ok: true;
      /** As typed, trimmed: the display form. */ username: string;
      /** Lowercase: the unique key. */ key: string;
    }
  | { ok: false; problem: UsernameProblem; message: string };

/** The unique key of a username: its lowercase form, also the `usernames/{key}` document id. */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Whether `text` could be someone's username as far as a lookup goes: username
 * characters, and a key Firestore can read. Length and reserved words aside,
 * since a name claimed before a rule changed may still exist.
 */
export function isUsernameShaped(text: string): boolean {
  return usernameCharacters.test(text.trim()) && !isReservedDocumentId(usernameKey(text));
}

/**
 * Whether `raw` may be claimed by anyone (availability is a separate read).
 * Surrounding spaces are ignored; the message is shown to the user as is.
 */
export function checkUsername(raw: string): UsernameCheck {
  const username = raw.trim();
  if (username.length < USERNAME_MIN_LENGTH) {
    return { ok: false, problem: 'too_short', message: `Use at least ${USERNAME_MIN_LENGTH} characters.` };
  }
  if (username.length > USERNAME_MAX_LENGTH) {
    return { ok: false, problem: 'too_long', message: `Use at most ${USERNAME_MAX_LENGTH} characters.` };
  }
  if (!usernameCharacters.test(username)) {
    return {
      ok: false,
      problem: 'characters',
      message: 'Use only letters a–z, digits and underscores.',
    };
  }
  const key = usernameKey(username);
  // `usernames/{key}` is a document, and Firestore reserves ids like `__x__`.
  if (reservedUsernames.has(key) || isReservedDocumentId(key)) {
    return { ok: false, problem: 'reserved', message: `“${username}” is reserved. Pick another name.` };
  }
  return { ok: true, username, key };
}

/** `usernames/{key}`: who holds the name. Written only by the claim transaction. */
export interface UsernameDoc {
  uid: string;
}

/** The message for a name someone else holds; the callable answers it with `already-exists`. */
export function usernameTakenMessage(username: string): string {
  return `Someone else already has the username “${username}”. Pick another one.`;
}

/**
 * What a claim does, decided from what the claim transaction read:
 * - `unchanged`: the caller already holds exactly this name; nothing is written.
 * - `restyle`: the caller holds the name in another case; only the display form changes.
 * - `claim`: the name is free; take it and free `release` (the caller's old key), if any.
 * - `taken`: someone else holds it.
 */
export type UsernameClaimPlan =
  | { action: 'unchanged' }
  | { action: 'restyle' }
  | { action: 'claim'; release: string | null }
  | { action: 'taken' };

/**
 * @param claim `uid`: the caller; `username`: the valid display form asked for;
 *   `current`: the display form on the caller's profile (null without one);
 *   `holderUid`: who holds the requested key now (null when free).
 */
export function planUsernameClaim(claim: {
  uid: string;
  username: string;
  current: string | null;
  holderUid: string | null;
}): UsernameClaimPlan {
  const { uid, username, current, holderUid } = claim;
  if (holderUid !== null && holderUid !== uid) return { action: 'taken' };
  if (holderUid === uid && current !== null && usernameKey(current) === usernameKey(username)) {
    return current === username ? { action: 'unchanged' } : { action: 'restyle' };
  }
  const release =
    current !== null && usernameKey(current) !== usernameKey(username) ? usernameKey(current) : null;
  return { action: 'claim', release };
}

/**
 * A free, valid name close to `base` (an email's local part, say), or null
 * when none of the first `attempts` candidates is free. Pure: `isTaken`
 * answers from names the caller already knows (e.g. a few reads it made).
 * @param attempts how many numbered variants to try after `base`; default 50.
 */
export function suggestUsername(
  base: string,
  isTaken: (key: string) => boolean,
  attempts = 50,
): string | null {
  let stem = base
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, USERNAME_MAX_LENGTH);
  if (stem.length < USERNAME_MIN_LENGTH) stem = `${stem}${stem ? '_' : ''}user`;
  const free = (name: string) => checkUsername(name).ok && !isTaken(name);
  if (free(stem)) return stem;
  for (let n = 2; n < attempts + 2; n += 1) {
    const suffix = `_${n}`;
    const candidate = `${stem.slice(0, USERNAME_MAX_LENGTH - suffix.length)}${suffix}`;
    if (free(candidate)) return candidate;
  }
  return null;
}
