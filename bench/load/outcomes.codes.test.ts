import { describe, expect, it } from 'vitest';
import { beforeDeadline, DeadlineExceeded, failureCode, jobEndingCode } from './outcomes.ts';

describe('failureCode', () => {
  it('prefers Phoenix’s code from the callable’s details', () => {
    const error = Object.assign(new Error('Slow down'), {
      code: 'functions/resource-exhausted',
      details: { code: 'rate_limited', retryAfterSeconds: 30 },
    });
    expect(failureCode(error)).toBe('rate_limited');
  });

  it('falls back to the callable code, then to a client error', () => {
    expect(failureCode(Object.assign(new Error('x'), { code: 'functions/deadline-exceeded' }))).toBe(
      'deadline-exceeded',
    );
    expect(failureCode(new Error('socket hang up'))).toBe('client-error');
    expect(failureCode(new DeadlineExceeded('a job'))).toBe('timeout');
  });
});

describe('jobEndingCode', () => {
  it('names a failed job by its error code', () => {
    expect(jobEndingCode({ status: 'failed', error: { code: 'model_unavailable' } })).toBe(
      'failed:model_unavailable',
    );
    expect(jobEndingCode({ status: 'failed', error: null })).toBe('failed:unknown');
    expect(jobEndingCode({ status: 'canceled' })).toBe('canceled');
  });
});

describe('beforeDeadline', () => {
  it('passes a result that comes in time through', async () => {
    await expect(beforeDeadline(Promise.resolve(4), performance.now() + 1_000, 'x')).resolves.toBe(4);
  });

  it('rejects with a timeout when the deadline has passed', async () => {
    const never = new Promise<never>(() => {});
    await expect(beforeDeadline(never, performance.now() - 1, 'a like')).rejects.toBeInstanceOf(
      DeadlineExceeded,
    );
  });
});
