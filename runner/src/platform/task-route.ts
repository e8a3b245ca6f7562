import type { parseRequest } from '@phoenix/core';
import type { Severity } from './log.ts';

/** Every task names the job it works on: task names derive from job ids. */
export interface TaskBody {
  jobId: string;
}

/**
 * A zod schema, as core's `parseRequest` takes it, whose output is `Body`.
 * The output type is read from the Standard Schema typing zod implements, so
 * the runner needs no zod of its own.
 */
export type TaskBodySchema<Body extends TaskBody> = Parameters<typeof parseRequest>[0] & {
  readonly '~standard': { readonly types?: { readonly output: Body } | undefined };
};

/** One `POST` path Cloud Tasks calls, and what a delivery to it does. */
export interface TaskRoute<Body extends TaskBody = TaskBody> {
  /** A body it refuses is answered 400 naming the field, and touches nothing. */
  bodySchema: TaskBodySchema<Body>;
  /** The queue's `maxAttempts` (−1 unlimited), to recognise the last delivery. */
  maxAttempts: number;
  /** Works one delivery that got a slot. */
  handle(body: Body, delivery: TaskDelivery): Promise<TaskOutcome>;
  /**
   * Answers the last delivery when no slot is free or the instance is
   * draining. Without it that delivery gets the 429 or 503 any other would,
   * and Cloud Tasks drops the task.
   */
  shedFinal?(body: Body): Promise<TaskOutcome>;
}

/** One delivery of a Cloud Tasks task, as the route's handler gets it. */
export interface TaskDelivery {
  /** `X-CloudTasks-TaskRetryCount`: 0 on the first delivery. */
  retryCount: number;
  /** Aborted when the instance gives up on its work (a drain that ran out of time). */
  signal?: AbortSignal;
}

/** What happened to one delivery, as HTTP and as a log line. */
export interface TaskOutcome {
  httpStatus: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  body: Record<string, unknown>;
  /** One word for dashboards: succeeded, failed, skipped, superseded, busy, left, retry, missing. */
  outcome: string;
  severity: Severity;
  /** Extra fields for the log line. */
  details?: Record<string, unknown>;
}
