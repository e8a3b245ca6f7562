import { describe, expect, it } from 'vitest';
import { errorCodes, mayRetryWithSameRequest, type ErrorCode } from './errors.ts';

describe('errorCodes.sameRequestRetry', () => {
  it('is false for queue_unavailable: the job was failed and refunded, whatever its HTTPS code', () => {
    expect(errorCodes.queue_unavailable.httpsCode).toBe('unavailable');
    expect(errorCodes.queue_unavailable.sameRequestRetry).toBe(false);
  });

  it('is true only for internal, which may come after the job was committed', () => {
    const uncertain = (Object.keys(errorCodes) as ErrorCode[]).filter(
      (code) => errorCodes[code].sameRequestRetry,
    );
    expect(uncertain).toEqual(['internal']);
  });
});

describe('mayRetryWithSameRequest', () => {
  it('follows the domain code over the HTTPS code it travelled as', () => {
    expect(mayRetryWithSameRequest({ code: 'queue_unavailable', httpsCode: 'unavailable' })).toBe(false);
    expect(mayRetryWithSameRequest({ code: 'model_unavailable', httpsCode: 'unavailable' })).toBe(false);
    expect(mayRetryWithSameRequest({ code: 'internal', httpsCode: 'internal' })).toBe(true);
  });

  it.each(['unavailable', 'deadline-exceeded', 'internal', 'unknown'])(
    'treats a bare transport %s, with no domain code, as uncertain',
    (httpsCode) => {
      expect(mayRetryWithSameRequest({ httpsCode })).toBe(true);
    },
  );

  it.each(['invalid-argument', 'failed-precondition', 'unauthenticated', 'resource-exhausted'])(
    'treats a bare %s as definite',
    (httpsCode) => {
      expect(mayRetryWithSameRequest({ httpsCode })).toBe(false);
    },
  );

  it('ignores a domain code it does not know and falls back to the HTTPS code', () => {
    expect(mayRetryWithSameRequest({ code: 'toString', httpsCode: 'unavailable' })).toBe(true);
    expect(mayRetryWithSameRequest({ code: 'no_such_code', httpsCode: 'invalid-argument' })).toBe(false);
  });
});
