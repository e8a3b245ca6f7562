/**
 * A store that follows whoever is signed in: for each user it starts a
 * listener, and stops it on sign-out, user switch or when nothing reads the
 * store any more. Account balance and recent jobs are built on it.
 */
import { derived, type Readable } from 'svelte/store';
import { currentUid } from './auth.ts';

export type UserScoped<T> = { status: 'signed-out' } | { status: 'loading' } | T;

/**
 * @param listen Starts the listener for `uid`, reports through `set`, and
 *   returns the function that stops it (what `onSnapshot` returns).
 */
export function perUser<T>(
  listen: (uid: string, set: (value: UserScoped<T>) => void) => () => void,
): Readable<UserScoped<T>> {
  return derived<typeof currentUid, UserScoped<T>>(
    currentUid,
    ($uid, set) => {
      if ($uid === undefined) {
        set({ status: 'loading' });
        return;
      }
      if ($uid === null) {
        set({ status: 'signed-out' });
        return;
      }
      set({ status: 'loading' });
      return listen($uid, set);
    },
    { status: 'loading' },
  );
}
