import { initializeApp } from 'firebase-admin/app';
import { setGlobalOptions } from 'firebase-functions/v2';
import { HttpsError, onCall } from 'firebase-functions/v2/https';
import { PhoenixError, buildPingResponse, parseRequest, pingRequestSchema } from '@phoenix/core';

initializeApp();
setGlobalOptions({ region: 'us-central1', maxInstances: 10 });

/** Turns a domain error into the callable error the web SDK understands. */
function toHttpsError(error: unknown): HttpsError {
  if (error instanceof PhoenixError) {
    return new HttpsError(error.httpsCode, error.message, { code: error.code, field: error.field });
  }
  return new HttpsError('internal', new PhoenixError('internal').message, { code: 'internal' });
}

/** Echoes the caller's uid: proves browser → Auth → Functions wiring end to end. */
export const ping = onCall((request) => {
  try {
    if (!request.auth) throw new PhoenixError('unauthenticated');
    const input = parseRequest(pingRequestSchema, request.data ?? {});
    return buildPingResponse(request.auth.uid, input, new Date());
  } catch (error) {
    throw toHttpsError(error);
  }
});
