/** The signed-in user's token balance, live from `accounts/{uid}`. */
import { paths, type AccountDoc } from '@phoenix/core';
import { doc, onSnapshot, type Firestore } from 'firebase/firestore';
import { getFirebase } from './app.ts';
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
  | { status: 'ready'; balance: number }
  | { status: 'error'; message: string };

export const accountBalance = perUser<Exclude<BalanceState, { status: 'signed-out' | 'loading' }>>(
  (uid, set) =>
    onSnapshot(
      accountRef(getFirebase().db, uid),
      (snapshot) => {
        const data = snapshot.data() as AccountDoc | undefined;
        set(data ? { status: 'ready', balance: data.balance } : { status: 'missing' });
      },
      (error) => set({ status: 'error', message: describeListenError(error) }),
    ),
);
