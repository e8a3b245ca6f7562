import { status as grpcStatus } from '@grpc/grpc-js';
import type { AttemptOutcome } from './http-attempt.ts';
import { rpcCodeForHttpStatus } from './http-status.ts';
import type { AttemptRecord, StoredTask } from './queue-store.ts';

/**
 * Writes an attempt's end into the task as the API reports it (response time
 * and status, counts) and keeps what the next attempt's headers tell the target.
 */
export function recordOutcome(
  task: StoredTask,
  attempt: AttemptRecord,
  outcome: AttemptOutcome,
  finishedMs: number,
): void {
  if (outcome.kind === 'response') {
    attempt.responseTimeMs = finishedMs;
    attempt.responseStatus = {
      code: rpcCodeForHttpStatus(outcome.status),
      message: `HTTP ${outcome.status} ${outcome.statusText}`.trim(),
    };
    task.responseCount += 1;
    // X-CloudTasks-TaskExecutionCount leaves out 5xx answers.
    if (outcome.status < 500) task.executionCount += 1;
    task.previousResponseStatus = outcome.status;
    task.previousFailureReason = attempt.responseStatus.message;
  } else if (outcome.kind === 'deadline-exceeded') {
    attempt.responseStatus = { code: grpcStatus.DEADLINE_EXCEEDED, message: 'deadline exceeded' };
    task.previousResponseStatus = undefined;
    task.previousFailureReason = `deadline exceeded after ${task.dispatchDeadlineMs / 1000} s`;
  } else if (outcome.kind === 'network-error') {
    attempt.responseStatus = {
      code: grpcStatus.UNAVAILABLE,
      message: `target unreachable: ${outcome.message}`,
    };
    task.previousResponseStatus = undefined;
    task.previousFailureReason = `target unreachable: ${outcome.message}`;
  }
}

/** The log fields that say how an attempt ended. */
export function outcomeFields(outcome: AttemptOutcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'response':
      return { status: outcome.status };
    case 'deadline-exceeded':
      return { status: 'DEADLINE_EXCEEDED' };
    case 'network-error':
      return { status: 'UNAVAILABLE', error: outcome.message };
    case 'cancelled':
      return { status: 'CANCELLED' };
  }
}
