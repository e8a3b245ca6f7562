import { onCall, type CallableFunction } from 'firebase-functions/v2/https';
import { PhoenixError } from '@phoenix/core';
import { toHttpsError } from './https-errors.ts';

/**
 * A callable for signed-in users only. The handler gets the caller's uid and
 * the raw request data (it parses that itself with a core schema); every
 * error leaves as an `HttpsError`.
 */
export function signedInCallable<Result>(
  handler: (uid: string, data: unknown) => Promise<Result> | Result,
): CallableFunction<unknown, Promise<Result>> {
  return onCall(async (request) => {
    try {
      if (!request.auth) throw new PhoenixError('unauthenticated');
      return await handler(request.auth.uid, request.data);
    } catch (error) {
      throw toHttpsError(error);
    }
  });
}
