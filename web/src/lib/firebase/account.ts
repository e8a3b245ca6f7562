/** The signed-in user's token balance and limit usage, live from `accounts/{uid}`. */
import { paths, type AccountDoc, type AccountUsage } from '@phoenix/core';
import { doc, onSnapshot, type Firestore } from 'firebase/firestore';
import { getFirebase } from './app.ts';
import { ensureAccountOnce } from './auth.ts';
import { describeCallableError } from './callable-errors.ts';
import { describeListenError } from './firestore-errors.ts';
import { perUser } from './user-store.ts';

export function accountRef(db: Firestore, uid: string) {
  return doc(db, paths.account(uid));
}

export type BalanceState =
  | { status: 'signed-out' }
  | { status: 'loading' }
  /** Signed in, but `ensureAccount` has not created the account yet. */
  | { status: 'missing' }
  /** `usage` is what the per-user limits count; absent until the first job. */
  | { status: 'ready'; balance: number; usage?: AccountUsage }
  | { status: 'error'; message: string };

/**
 * Live balance of whoever is signed in. A user without an account document
 * (first visit, or a sign-in whose `ensureAccount` failed) gets one created
 * here; the listener then sees it appear.
 */
/** Per signed-in user, how to show a balance a callable answered before the listener has it. */
const answered = new Map<string, (balance: number) => void>();

/**
 * Shows `balance`, which a callable just answered for `uid` (e.g. the
 * welcome grant), at once. The listener's next snapshot has the last word.
 * Why: the grant comes right after an ID token refresh, which restarts the
 * Firestore streams, and the Firestore emulator can drop a change made while
 * a listen resumes, leaving the balance showing 0 until the next change.
 */
export function noteAnsweredBalance(uid: string, balance: number): void {
  answered.get(uid)?.(balance);
}

export const accountBalance = perUser<Exclude<BalanceState, { status: 'signed-out' | 'loading' }>>(
  (uid, set) => {
    let listening = true;
    let usage: AccountUsage | undefined;
    answered.set(uid, (balance) => set({ status: 'ready', balance, ...(usage ? { usage } : {}) }));
    const stop = onSnapshot(
      accountRef(getFirebase().db, uid),
      (snapshot) => {
        const data = snapshot.data() as AccountDoc | undefined;
        usage = data?.usage;
        if (data) {
          set({ status: 'ready', balance: data.balance, ...(data.usage ? { usage: data.usage } : {}) });
          return;
        }
        set({ status: 'missing' });
        ensureAccountOnce(uid).catch((error: unknown) => {
          // The user may have signed out (or switched) while the call ran.
          if (listening) set({ status: 'error', message: describeCallableError(error).message });
        });
      },
      (error) => set({ status: 'error', message: describeListenError(error) }),
    );
    return () => {
      listening = false;
      answered.delete(uid);
      stop();
    };
  },
);
