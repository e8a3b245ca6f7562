import { onCall, type CallableFunction } from 'firebase-functions/v2/https';
import { PhoenixError, assertAdmin } from '@phoenix/core';
import { toHttpsError } from './https-errors.ts';

/** The verified ID token's claims (`email_verified`, custom claims such as `admin`). */
export type CallerToken = Readonly<Record<string, unknown>>;

/**
 * Whether callables demand an App Check token. A deploy setting: on where
 * `PHOENIX_ENFORCE_APP_CHECK=true` is set at deploy, off otherwise and always
 * in the emulator, which mishandles it (firebase-tools#5253).
 */
const enforceAppCheck =
  process.env.PHOENIX_ENFORCE_APP_CHECK === 'true' && process.env.FUNCTIONS_EMULATOR !== 'true';

/**
 * A callable for signed-in users only. The handler gets the caller's uid, the
 * raw request data (it parses that itself with a core schema) and the ID
 * token's claims; every error leaves as an `HttpsError`.
 */
export function signedInCallable<Result>(
  handler: (uid: string, data: unknown, token: CallerToken) => Promise<Result> | Result,
): CallableFunction<unknown, Promise<Result>> {
  return onCall({ enforceAppCheck }, async (request) => {
    try {
      if (!request.auth) throw new PhoenixError('unauthenticated');
      return await handler(request.auth.uid, request.data, request.auth.token);
    } catch (error) {
      throw toHttpsError(error);
    }
  });
}

/** A callable for admins only (`admin: true` claim): anyone else is refused before the request is read. */
export function adminCallable<Result>(
  handler: (uid: string, data: unknown) => Promise<Result> | Result,
): CallableFunction<unknown, Promise<Result>> {
  return signedInCallable((uid, data, token) => {
    assertAdmin(token);
    return handler(uid, data);
  });
}
