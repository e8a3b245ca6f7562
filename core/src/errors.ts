import type { z } from 'zod';

/**
 * Error codes shared by every layer. Callables map them to `HttpsError`
 * codes, services to HTTP statuses, and the web app shows `message` as is, so
 * each message says what happened and what to do next.
 */
export const errorCodes = {
  invalid_argument: {
    httpsCode: 'invalid-argument',
    message: 'Some of the request is not valid. Fix the highlighted field and try again.',
  },
  unauthenticated: {
    httpsCode: 'unauthenticated',
    message: 'You are signed out. Sign in and try again.',
  },
  permission_denied: {
    httpsCode: 'permission-denied',
    message: 'That belongs to someone else.',
  },
  not_found: {
    httpsCode: 'not-found',
    message: 'We could not find that. It may have been removed.',
  },
  insufficient_tokens: {
    httpsCode: 'failed-precondition',
    message: 'You do not have enough tokens for this. Ask for fewer variations or a cheaper model.',
  },
  invalid_transition: {
    httpsCode: 'failed-precondition',
    message: 'That job has already moved on.',
  },
  job_not_cancelable: {
    httpsCode: 'failed-precondition',
    message: 'Only a queued job can be canceled; this one has already started or finished.',
  },
  safety_blocked: {
    httpsCode: 'invalid-argument',
    message: 'The safety filter blocked this prompt. Rephrase it and try again.',
  },
  model_unavailable: {
    httpsCode: 'unavailable',
    message: 'The image model is busy or unavailable right now. Try again in a few minutes.',
  },
  overloaded: {
    httpsCode: 'resource-exhausted',
    message: 'Phoenix is at capacity and could not start this job. Try again in a minute.',
  },
  queue_unavailable: {
    httpsCode: 'unavailable',
    message: 'We could not queue your job. Nothing was charged; please try again.',
  },
  timed_out: {
    httpsCode: 'deadline-exceeded',
    message: 'This job took too long and was stopped. Try again in a few minutes.',
  },
  internal: {
    httpsCode: 'internal',
    message: 'Something went wrong on our side. Nothing was charged; please try again.',
  },
} as const;

export type ErrorCode = keyof typeof errorCodes;
export type HttpsErrorCode = (typeof errorCodes)[ErrorCode]['httpsCode'];

/** A failure whose code steers control flow and whose message is shown to the user. */
export class PhoenixError extends Error {
  readonly code: ErrorCode;
  /** The request field at fault, as a dotted path (`params.count`), when there is one. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string = errorCodes[code].message, field?: string) {
    super(message);
    this.name = 'PhoenixError';
    this.code = code;
    this.field = field;
  }

  get httpsCode(): HttpsErrorCode {
    return errorCodes[this.code].httpsCode;
  }
}

/**
 * Parses `input` with `schema`, or throws an `invalid_argument` PhoenixError
 * that names the first offending field, so the caller can point at it.
 */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const detail = issue?.message ?? 'invalid request';
  throw new PhoenixError(
    'invalid_argument',
    field ? `${field}: ${detail}` : `Invalid request: ${detail}`,
    field,
  );
}
