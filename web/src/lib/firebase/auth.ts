/**
 * Who is signed in, and the ways to sign in and out.
 *
 * `authState` follows Firebase Auth live. Right after a sign-in (and
 * whenever the balance listener finds no account) the `ensureAccount`
 * callable runs once for that user: it creates the token account, with the
 * starting grant, on first use and is a no-op afterwards. A restored session
 * whose account exists costs no call.
 */
import {
  createUserWithEmailAndPassword,
  GoogleAuthProvider,
  onAuthStateChanged,
  signInWithEmailAndPassword,
  signInWithPopup,
  signOut,
  type User,
} from 'firebase/auth';
import { httpsCallable } from 'firebase/functions';
import { derived, readable, type Readable } from 'svelte/store';
import { getFirebase } from './app.ts';

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

/** One `ensureAccount` per user and page load; a failure is forgotten so the next need retries. */
const accounts = new Map<string, Promise<void>>();

/**
 * Makes sure the user's token account exists. Rejects with the callable's
 * error when it could not be created (offline, backend down).
 */
export function ensureAccountOnce(uid: string): Promise<void> {
  let pending = accounts.get(uid);
  if (!pending) {
    const call = httpsCallable<void, { balance: number }>(getFirebase().functions, 'ensureAccount');
    pending = call().then(
      () => undefined,
      (error: unknown) => {
        accounts.delete(uid);
        throw error;
      },
    );
    accounts.set(uid, pending);
  }
  return pending;
}

/**
 * Settles when an `ensureAccount` already under way for `uid` does, so a
 * brand-new user's first job is not refused for a missing account.
 */
export function accountSettled(uid: string): Promise<void> {
  return (accounts.get(uid) ?? Promise.resolve()).catch(() => undefined);
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

/** The signed-in uid, or null; handy for stores that follow one user. */
export const currentUid: Readable<string | null | undefined> = derived(authState, ($auth) =>
  $auth.status === 'signed-in' ? $auth.user.uid : $auth.status === 'loading' ? undefined : null,
);

export async function signInWithEmail(email: string, password: string): Promise<void> {
  afterSignIn((await signInWithEmailAndPassword(getFirebase().auth, email.trim(), password)).user);
}

export async function createAccountWithEmail(email: string, password: string): Promise<void> {
  afterSignIn((await createUserWithEmailAndPassword(getFirebase().auth, email.trim(), password)).user);
}

export async function signInWithGoogle(): Promise<void> {
  const provider = new GoogleAuthProvider();
  provider.setCustomParameters({ prompt: 'select_account' });
  afterSignIn((await signInWithPopup(getFirebase().auth, provider)).user);
}

export async function signOutUser(): Promise<void> {
  await signOut(getFirebase().auth);
}
