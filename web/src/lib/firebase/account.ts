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
export const accountBalance = perUser<Exclude<BalanceState, { status: 'signed-out' | 'loading' }>>(
  (uid, set) => {
    let listening = true;
    const stop = onSnapshot(
      accountRef(getFirebase().db, uid),
      (snapshot) => {
        const data = snapshot.data() as AccountDoc | undefined;
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
      stop();
    };
  },
);
