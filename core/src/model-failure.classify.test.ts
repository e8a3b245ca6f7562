import { describe, expect, it } from 'vitest';
import { classifyModelFailure, isFinalAttempt } from './model-failure.ts';

const blocked =
  "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices.";

describe('classifyModelFailure', () => {
  it.each([429, 500, 502, 503, 504, 408])('retries on HTTP %i', (status) => {
    expect(classifyModelFailure(status, 'busy')).toEqual({ action: 'retry' });
  });

  it('retries when no answer came back at all', () => {
    expect(classifyModelFailure(undefined, 'fetch failed')).toEqual({ action: 'retry' });
  });

  it('fails a blocked prompt as safety_blocked, without retrying', () => {
    expect(classifyModelFailure(400, blocked)).toEqual({ action: 'fail', code: 'safety_blocked' });
  });

  it('fails a missing or forbidden model as model_unavailable', () => {
    expect(classifyModelFailure(404, 'Publisher model not found')).toEqual({
      action: 'fail',
      code: 'model_unavailable',
    });
    expect(classifyModelFailure(403, 'Permission denied')).toEqual({
      action: 'fail',
      code: 'model_unavailable',
    });
  });

  it('fails any other 400 as internal: retrying the same request cannot help', () => {
    expect(classifyModelFailure(400, 'Invalid value at aspect_ratio')).toEqual({
      action: 'fail',
      code: 'internal',
    });
  });
});

describe('isFinalAttempt', () => {
  it('counts retries from zero: with 5 attempts the 5th delivery (retry count 4) is the last', () => {
    expect([0, 1, 2, 3, 4].map((retryCount) => isFinalAttempt(retryCount, 5))).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('treats a count past the limit as final too', () => {
    expect(isFinalAttempt(7, 5)).toBe(true);
  });

  it('never ends an unlimited queue (−1)', () => {
    expect(isFinalAttempt(10_000, -1)).toBe(false);
  });

  it('makes the only attempt of a 1-attempt queue final', () => {
    expect(isFinalAttempt(0, 1)).toBe(true);
  });
});
