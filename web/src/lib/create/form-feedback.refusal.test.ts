import { describe, expect, it } from 'vitest';
import { isFormField } from './request-form.ts';
import { refusalFeedback } from './form-feedback.ts';

const nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('refusalFeedback', () => {
  it('puts the message on the field the server blamed, read from its dotted path', () => {
    expect(refusalFeedback({ message: 'Too many.', field: 'params.count' }, isFormField, nowMs)).toEqual({
      errors: { count: 'Too many.' },
      retryUntilMs: null,
    });
  });

  it('puts it on the form when the field is none of the form’s, or none was named', () => {
    expect(refusalFeedback({ message: 'No.', field: 'requestId' }, isFormField, nowMs).errors).toEqual({
      form: 'No.',
    });
    expect(refusalFeedback({ message: 'Offline.' }, isFormField, nowMs).errors).toEqual({ form: 'Offline.' });
  });

  it('says when a rate-limited form may submit again', () => {
    const refusal = { message: 'Slow down.', errorCode: 'rate_limited', details: { retryAfterSeconds: 30 } };
    expect(refusalFeedback(refusal, isFormField, nowMs).retryUntilMs).toBe(nowMs + 30_000);
  });

  it('sets no wait without both the rate limit and a number of seconds', () => {
    const noSeconds = {
      message: 'Slow down.',
      errorCode: 'rate_limited',
      details: { retryAfterSeconds: 'soon' },
    };
    expect(refusalFeedback(noSeconds, isFormField, nowMs).retryUntilMs).toBeNull();
    const otherCode = {
      message: 'Busy.',
      errorCode: 'queue_unavailable',
      details: { retryAfterSeconds: 30 },
    };
    expect(refusalFeedback(otherCode, isFormField, nowMs).retryUntilMs).toBeNull();
  });
});
