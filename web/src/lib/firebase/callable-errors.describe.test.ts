import { errorCodes } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { describeCallableError } from './callable-errors.ts';

/** The shape the web SDK throws for a callable: a FirebaseError with details. */
function httpsError(code: string, message: string, details?: unknown) {
  return Object.assign(new Error(message), { code: `functions/${code}`, details });
}

describe('describeCallableError', () => {
  it('keeps the server message and the field it blamed, without the field prefix', () => {
    const error = httpsError('invalid-argument', 'count: Ask for at most 4 variations.', {
      code: 'invalid_argument',
      field: 'count',
    });
    expect(describeCallableError(error)).toEqual({
      message: 'Ask for at most 4 variations.',
      field: 'count',
      code: 'invalid-argument',
      errorCode: 'invalid_argument',
    });
  });

  it('shows the insufficient-tokens message as sent', () => {
    const message = 'This needs 8 tokens and you have 3. Ask for fewer variations or a cheaper model.';
    expect(
      describeCallableError(httpsError('failed-precondition', message, { code: 'insufficient_tokens' })),
    ).toEqual({ message, code: 'failed-precondition', errorCode: 'insufficient_tokens' });
  });

  it('drops the HTTP status the SDK appends to the server’s sentence', () => {
    const sent = errorCodes.budget_exceeded.message;
    expect(
      describeCallableError(httpsError('failed-precondition', `${sent} [400]`, { code: 'budget_exceeded' })),
    ).toEqual({ message: sent, code: 'failed-precondition', errorCode: 'budget_exceeded' });
  });

  it('uses core’s message for a known code sent without one', () => {
    expect(
      describeCallableError(httpsError('unavailable', 'unavailable', { code: 'queue_unavailable' })),
    ).toEqual({
      message: errorCodes.queue_unavailable.message,
      code: 'unavailable',
      errorCode: 'queue_unavailable',
    });
  });

  it.each([
    ['internal', errorCodes.internal.message],
    ['unavailable', 'We could not reach Phoenix. Check your connection and try again.'],
    ['deadline-exceeded', 'We could not reach Phoenix. Check your connection and try again.'],
    ['unauthenticated', errorCodes.unauthenticated.message],
  ])('explains the SDK’s bare %s', (code, message) => {
    expect(describeCallableError(httpsError(code, code))).toEqual({ message, code });
  });

  it('drops a domain code that core does not know', () => {
    expect(describeCallableError(httpsError('internal', 'internal', { code: 'made_up' }))).toEqual({
      message: errorCodes.internal.message,
      code: 'internal',
    });
  });

  it('passes on the facts sent beside the code, such as when to retry', () => {
    const message =
      'You have started 10 generations in the last hour. You can start another generation in 7 minutes.';
    const error = httpsError('resource-exhausted', message, {
      code: 'rate_limited',
      retryAfterSeconds: 401,
      nested: { ignored: true },
    });
    expect(describeCallableError(error)).toEqual({
      message,
      code: 'resource-exhausted',
      errorCode: 'rate_limited',
      details: { retryAfterSeconds: 401 },
    });
  });

  it('survives something that is not an error at all', () => {
    expect(describeCallableError(undefined)).toEqual({
      message: errorCodes.internal.message,
      code: 'internal',
    });
  });
});
