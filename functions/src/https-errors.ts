import { logger } from 'firebase-functions';
import { HttpsError } from 'firebase-functions/v2/https';
import { PhoenixError } from '@phoenix/core';

/**
 * Turns a domain error into the callable error the web SDK understands. The
 * details carry the domain code and the field at fault, so the web can point
 * at the field. Anything else is our bug: it is logged and the caller only
 * hears that nothing was charged.
 */
export function toHttpsError(error: unknown): HttpsError {
  if (error instanceof PhoenixError) {
    return new HttpsError(error.httpsCode, error.message, {
      ...error.extra,
      code: error.code,
      field: error.field,
    });
  }
  logger.error('callable failed unexpectedly', { error: String(error), stack: (error as Error)?.stack });
  return new HttpsError('internal', new PhoenixError('internal').message, { code: 'internal' });
}
