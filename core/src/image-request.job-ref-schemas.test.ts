import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseRequest, PhoenixError } from './errors.ts';
import { cancelJobRequestSchema, jobQueuePositionRequestSchema } from './image-request.ts';

function refusal(input: unknown, schema: z.ZodType = cancelJobRequestSchema): PhoenixError {
  try {
    parseRequest(schema, input);
  } catch (error) {
    if (error instanceof PhoenixError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('cancelJobRequestSchema', () => {
  it('accepts a Firestore auto-id, trimmed', () => {
    expect(parseRequest(cancelJobRequestSchema, { jobId: ' a1B2c3D4e5F6g7H8i9J0 ' })).toEqual({
      jobId: 'a1B2c3D4e5F6g7H8i9J0',
    });
  });

  it.each([
    ['a path into another collection', 'abc/ledger/x'],
    ['a dot segment', '..'],
    ['an empty id', '  '],
    ['an over-long id', 'j'.repeat(129)],
    ['an id Firestore reserves', '__x__'],
    ['the reserved id __name__', '__name__'],
  ])('refuses %s, naming jobId', (_label, jobId) => {
    const error = refusal({ jobId });
    expect(error.code).toBe('invalid_argument');
    expect(error.field).toBe('jobId');
  });

  it('takes ids that only start or end with underscores', () => {
    expect(parseRequest(cancelJobRequestSchema, { jobId: '__x' }).jobId).toBe('__x');
    expect(parseRequest(cancelJobRequestSchema, { jobId: 'x__' }).jobId).toBe('x__');
  });

  it('refuses a missing id and extra keys', () => {
    expect(refusal({}).field).toBe('jobId');
    expect(refusal({ jobId: 'abc', force: true }).code).toBe('invalid_argument');
  });
});

describe('jobQueuePositionRequestSchema', () => {
  it('takes the same job ids as cancel, and says what is missing in its own words', () => {
    expect(parseRequest(jobQueuePositionRequestSchema, { jobId: 'a1B2c3D4e5F6g7H8i9J0' })).toEqual({
      jobId: 'a1B2c3D4e5F6g7H8i9J0',
    });
    expect(refusal({ jobId: 'abc/ledger/x' }, jobQueuePositionRequestSchema).field).toBe('jobId');
    expect(refusal({ jobId: '__x__' }, jobQueuePositionRequestSchema).message).toBe(
      'jobId: That is not a job id.',
    );
    expect(refusal({}, jobQueuePositionRequestSchema).message).toBe('jobId: Say which job.');
  });
});
