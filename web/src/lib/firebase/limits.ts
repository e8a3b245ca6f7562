/**
 * What the create form needs to show the limits before they are hit: the
 * public projection of the limits (`config/public`, never the admin's
 * `config/limits`) and the signed-in user's usage (from the account listener
 * the balance already runs; it also counts their jobs in flight). Listeners
 * only: nothing polls.
 */
import { paths, type AccountUsage, type PublicLimits } from '@phoenix/core';
import { doc, onSnapshot } from 'firebase/firestore';
import { derived, readable, type Readable } from 'svelte/store';
import { fallbackPublicLimits } from '../create/limits-view.ts';
import { accountBalance } from './account.ts';
import { getFirebase } from './app.ts';

/**
 * The public limits, live; null while the first snapshot is on its way or
 * when they cannot be read (the form then shows no limits line, and the
 * server still refuses what passes them). A project whose admin never saved
 * limits has no document: the server's defaults apply, so they are shown.
 */
export const publicLimits: Readable<PublicLimits | null> = readable<PublicLimits | null>(null, (set) =>
  onSnapshot(
    doc(getFirebase().db, paths.publicLimits()),
    (snapshot) => set((snapshot.data() as PublicLimits | undefined) ?? fallbackPublicLimits(Date.now())),
    () => set(null),
  ),
);

/** The signed-in user's usage, or undefined before their first job (and while loading). */
export const myUsage: Readable<AccountUsage | undefined> = derived(accountBalance, ($account) =>
  $account.status === 'ready' ? $account.usage : undefined,
);
