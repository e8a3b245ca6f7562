/**
 * Opening the username dialog from anywhere (the account menu, the profile
 * page) while it is mounted once, in the layout.
 */
import { writable, type Readable } from 'svelte/store';

const requests = writable(0);

/** Grows by one on each request; the dialog opens when it changes. */
export const usernameDialogRequests: Readable<number> = { subscribe: requests.subscribe };

export function openUsernameDialog(): void {
  requests.update((count) => count + 1);
}
