/**
 * Who is signed in, and the ways to sign in and out.
 *
 * `authState` follows Firebase Auth live. Right after a sign-in (and
 * whenever the balance listener finds no account) the `ensureAccount`
 * callable runs once for that user: it creates the token account on first
 * use. The starting grant goes only to a verified address, once per address,
 * so an email sign-up is sent a verification link and earns its tokens when
 * `confirmVerification` finds the address verified. A restored session whose
 * account exists costs no call.
 */
import {
  createUserWithEmailAndPassword,
  GoogleAuthProvider,
  onAuthStateChanged,
  onIdTokenChanged,
  sendEmailVerification,
  signInWithEmailAndPassword,
  signInWithPopup,
  signOut,
  type User,
} from 'firebase/auth';
import { derived, readable, writable, type Readable } from 'svelte/store';
import { isGrantOutcome, type GrantOutcome } from '../create/welcome-grant.ts';
import { getFirebase } from './app.ts';
import { callFunction } from './callable.ts';
import { readFirebaseConfig } from './config.ts';

/** The signed-in person, as the pages need them. */
export interface SessionUser {
  uid: string;
  email: string | null;
  displayName: string | null;
  photoURL: string | null;
}

export type AuthState =
  { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: SessionUser };

function toSessionUser(user: User): SessionUser {
  return { uid: user.uid, email: user.email, displayName: user.displayName, photoURL: user.photoURL };
}

/** What `ensureAccount` answers: the balance, and what became of the starting grant (absent from an older server). */
export interface AccountAnswer {
  balance: number;
  grant?: GrantOutcome;
}

/** One `ensureAccount` per user and page load; a failure is forgotten so the next need retries. */
const accounts = new Map<string, Promise<AccountAnswer>>();

function callEnsureAccount(uid: string): Promise<AccountAnswer> {
  const pending = callFunction<void, { balance: number; grant?: unknown }>('ensureAccount', undefined).then(
    (data) => ({ balance: data.balance, ...(isGrantOutcome(data.grant) ? { grant: data.grant } : {}) }),
    (error: unknown) => {
      accounts.delete(uid);
      throw error;
    },
  );
  accounts.set(uid, pending);
  return pending;
}

/**
 * Makes sure the user's token account exists. Rejects with the callable's
 * error when it could not be created (offline, backend down).
 */
export function ensureAccountOnce(uid: string): Promise<AccountAnswer> {
  return accounts.get(uid) ?? callEnsureAccount(uid);
}

/**
 * Settles when an `ensureAccount` already under way for `uid` does, so a
 * brand-new user's first job is not refused for a missing account.
 */
export function accountSettled(uid: string): Promise<void> {
  return (accounts.get(uid) ?? Promise.resolve()).then(
    () => undefined,
    () => undefined,
  );
}

function afterSignIn(user: User): void {
  // Not awaited: the page moves on at once and the balance appears when the
  // account document does; the balance listener retries if this fails.
  ensureAccountOnce(user.uid).catch(() => undefined);
}

/** Live sign-in state; `loading` until Firebase has restored any saved session. */
export const authState: Readable<AuthState> = readable<AuthState>({ status: 'loading' }, (set) => {
  const { auth } = getFirebase();
  return onAuthStateChanged(auth, (user) => {
    set(user ? { status: 'signed-in', user: toSessionUser(user) } : { status: 'signed-out' });
  });
});

/** A signed-in user's address and whether its owner has proved it, or null without an address. */
export interface EmailStatus {
  uid: string;
  email: string;
  verified: boolean;
}

/**
 * Follows the ID token rather than the sign-in, because a verification shows
 * only in a refreshed token (`confirmVerification` refreshes it).
 */
export const emailStatus: Readable<EmailStatus | null | undefined> = readable<EmailStatus | null | undefined>(
  undefined,
  (set) =>
    onIdTokenChanged(getFirebase().auth, (user) => {
      set(user?.email ? { uid: user.uid, email: user.email, verified: user.emailVerified } : null);
    }),
);

/** When the last verification link was sent (epoch ms), so a resend can rest; null before any. */
export const linkSentAtMs = writable<number | null>(null);

/** True when the app talks to the Auth emulator, which prints links instead of mailing them. */
export function usesAuthEmulator(): boolean {
  return readFirebaseConfig().emulators !== null;
}

/**
 * Sends the verification link to the signed-in user's address. Rejects with
 * Auth's error (e.g. `auth/too-many-requests`).
 */
export async function sendVerificationLink(): Promise<void> {
  const user = getFirebase().auth.currentUser;
  if (!user) throw Object.assign(new Error('Not signed in.'), { code: 'auth/no-current-user' });
  await sendEmailVerification(user);
  linkSentAtMs.set(Date.now());
}

/**
 * After the person says they followed the link: reloads the user, refreshes
 * the ID token so it carries `email_verified`, and asks `ensureAccount` again,
 * which gives the starting grant once per address. Answers `unverified`
 * without a call while Auth still says the address is not verified.
 */
export async function confirmVerification(): Promise<AccountAnswer & { grant: GrantOutcome }> {
  const user = getFirebase().auth.currentUser;
  if (!user) throw Object.assign(new Error('Not signed in.'), { code: 'auth/no-current-user' });
  await user.reload();
  await user.getIdToken(true);
  if (!user.emailVerified) {
    const known = await accounts.get(user.uid)?.catch(() => undefined);
    return { balance: known?.balance ?? 0, grant: 'unverified' };
  }
  const answer = await callEnsureAccount(user.uid);
  // An older server says nothing of the grant; a verified address it accepted reads as granted.
  return { ...answer, grant: answer.grant ?? 'granted' };
}

/** The signed-in uid, or null; handy for stores that follow one user. */
export const currentUid: Readable<string | null | undefined> = derived(authState, ($auth) =>
  $auth.status === 'signed-in' ? $auth.user.uid : $auth.status === 'loading' ? undefined : null,
);

export async function signInWithEmail(email: string, password: string): Promise<void> {
  afterSignIn((await signInWithEmailAndPassword(getFirebase().auth, email.trim(), password)).user);
}

/**
 * Creates an email account and sends its verification link: the welcome
 * tokens come once the link is followed. A link that could not be sent is
 * not a failed sign-up; the banner offers to send it again.
 */
export async function createAccountWithEmail(email: string, password: string): Promise<void> {
  const { user } = await createUserWithEmailAndPassword(getFirebase().auth, email.trim(), password);
  afterSignIn(user);
  await sendVerificationLink().catch(() => undefined);
}

export async function signInWithGoogle(): Promise<void> {
  const provider = new GoogleAuthProvider();
  provider.setCustomParameters({ prompt: 'select_account' });
  afterSignIn((await signInWithPopup(getFirebase().auth, provider)).user);
}

export async function signOutUser(): Promise<void> {
  await signOut(getFirebase().auth);
}
