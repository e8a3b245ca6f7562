/**
 * The admin console's access and its callables.
 *
 * Whether someone is an admin is the `admin: true` custom claim on their ID
 * token (core's `isAdminToken`), read with `getIdTokenResult()`. The console
 * uses it only to choose what to show: the rules and every admin callable
 * check the same claim on the server, so a forged client state reads and
 * changes nothing.
 */
import {
  isAdminToken,
  type FoundUser,
  type Limits,
  type LimitsPatch,
  type ModelsConfigDoc,
  type ServiceName,
  type SetPostHiddenRequest,
  type UpdateModelRequest,
} from '@phoenix/core';
import { onIdTokenChanged, type User } from 'firebase/auth';
import { readable, type Readable } from 'svelte/store';
import { getFirebase } from './app.ts';
import { callAction, type ActionResult } from './callable.ts';

export type AdminAccess =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'not-admin'; email: string | null }
  | { status: 'admin'; uid: string; email: string | null }
  | { status: 'error'; message: string };

async function accessOf(user: User, forceRefresh: boolean): Promise<AdminAccess> {
  const result = await user.getIdTokenResult(forceRefresh);
  return isAdminToken(result.claims)
    ? { status: 'admin', uid: user.uid, email: user.email }
    : { status: 'not-admin', email: user.email };
}

/**
 * Live admin access of whoever is signed in. Follows ID token changes, so a
 * claim granted while the page is open shows after the token refreshes
 * (hourly, on sign-in, or through {@link recheckAdminAccess}).
 */
export const adminAccess: Readable<AdminAccess> = readable<AdminAccess>({ status: 'loading' }, (set) => {
  const { auth } = getFirebase();
  // Token results arrive out of order when the user changes quickly; only the newest counts.
  let latest = 0;
  return onIdTokenChanged(auth, (user) => {
    const call = ++latest;
    if (!user) {
      set({ status: 'signed-out' });
      return;
    }
    accessOf(user, false).then(
      (access) => {
        if (call === latest) set(access);
      },
      () => {
        if (call === latest) {
          set({
            status: 'error',
            message: 'Your sign-in could not be checked. Reload the page to try again.',
          });
        }
      },
    );
  });
});

/**
 * Asks the server for a fresh ID token, so a claim granted since sign-in
 * counts now; `adminAccess` then follows the new token.
 */
export async function recheckAdminAccess(): Promise<void> {
  const user = getFirebase().auth.currentUser;
  if (user) await user.getIdToken(true);
}

/** Changes the limits; answers with all of them as stored. */
export function updateLimits(patch: LimitsPatch): Promise<ActionResult<{ data: Limits }>> {
  return callAction('updateLimits', patch);
}

export function updateModel(request: UpdateModelRequest): Promise<ActionResult<{ data: ModelsConfigDoc }>> {
  return callAction('updateModel', request);
}

/** Users whose email or username matches `query`. */
export function findUser(query: string): Promise<ActionResult<{ data: { users: FoundUser[] } }>> {
  return callAction('findUser', { query });
}

export interface GrantTokensRequest {
  uid: string;
  tokens: number;
  reason: string;
  /** A fresh id per grant, so a retried call books once. */
  requestId: string;
}

export function grantTokens(
  request: GrantTokensRequest,
): Promise<ActionResult<{ data: { balance: number } }>> {
  return callAction('grantTokens', request);
}

export function setPostHidden(
  request: SetPostHiddenRequest,
): Promise<ActionResult<{ data: { hidden: boolean } }>> {
  return callAction('setPostHidden', request);
}

/** Each service's max instances as the Run Admin API reports them; null: the service does not exist. */
export type ServiceMaxInstances = Record<ServiceName, number | null>;

export function getServiceMaxInstances(): Promise<ActionResult<{ data: ServiceMaxInstances }>> {
  return callAction('getServiceMaxInstances', {});
}

export function setServiceMaxInstances(
  service: ServiceName,
  maxInstances: number,
): Promise<ActionResult<{ data: { service: ServiceName; maxInstances: number } }>> {
  return callAction('setServiceMaxInstances', { service, maxInstances });
}
