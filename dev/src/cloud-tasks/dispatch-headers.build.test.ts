import { describe, expect, it } from 'vitest';
import { type AttemptHeaderFacts, dispatchHeaders, epochSecondsText } from './dispatch-headers.ts';

const firstAttempt: AttemptHeaderFacts = {
  queueId: 'image',
  taskId: 'job-1',
  retryCount: 0,
  executionCount: 0,
  etaMs: 1_700_000_000_123,
  previousResponseStatus: undefined,
  retryReason: undefined,
  authorization: undefined,
};

describe('dispatchHeaders', () => {
  it('adds the X-CloudTasks headers to the task headers', () => {
    const headers = dispatchHeaders(
      { 'Content-Type': 'application/json', 'User-Agent': 'Google-Cloud-Tasks' },
      firstAttempt,
    );
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'User-Agent': 'Google-Cloud-Tasks',
      'X-CloudTasks-QueueName': 'image',
      'X-CloudTasks-TaskName': 'job-1',
      'X-CloudTasks-TaskRetryCount': '0',
      'X-CloudTasks-TaskExecutionCount': '0',
      'X-CloudTasks-TaskETA': '1700000000.123000',
    });
  });

  it('reports the previous answer and the reason on retries', () => {
    const headers = dispatchHeaders(
      {},
      {
        ...firstAttempt,
        retryCount: 2,
        executionCount: 1,
        previousResponseStatus: 503,
        retryReason: 'HTTP 503',
      },
    );
    expect(headers['X-CloudTasks-TaskRetryCount']).toBe('2');
    expect(headers['X-CloudTasks-TaskExecutionCount']).toBe('1');
    expect(headers['X-CloudTasks-TaskPreviousResponse']).toBe('503');
    expect(headers['X-CloudTasks-TaskRetryReason']).toBe('HTTP 503');
  });

  it('does not let the task forge Cloud Tasks headers or keep its own Authorization under a token', () => {
    const headers = dispatchHeaders(
      { 'x-cloudtasks-taskretrycount': '99', authorization: 'Basic abc' },
      { ...firstAttempt, authorization: 'Bearer token' },
    );
    expect(headers['x-cloudtasks-taskretrycount']).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(headers.Authorization).toBe('Bearer token');
  });

  it('keeps the task Authorization when no token is configured', () => {
    expect(dispatchHeaders({ Authorization: 'Basic abc' }, firstAttempt).Authorization).toBe('Basic abc');
  });

  it('writes the ETA as decimal epoch seconds', () => {
    expect(epochSecondsText(1_700_000_000_000)).toBe('1700000000.000000');
    expect(epochSecondsText(1_700_000_000_000.5)).toBe('1700000000.000500');
  });
});
