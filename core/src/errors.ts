import type { z } from 'zod';

/**
 * Error codes shared by every layer. Callables map them to `HttpsError`
 * codes, services to HTTP statuses, and the web app shows `message` as is, so
 * each message says what happened and what to do next.
 *
 * `sameRequestRetry` says whether a retry of the failed call may reuse its
 * request id: true only when the outcome is unknown, so the job may exist and
 * the retry must find it rather than charge again. A definite answer (refused,
 * or failed and refunded) is false: reusing the id would replay that answer,
 * e.g. a job that was failed and refunded would be reported as accepted.
 */
export const errorCodes = {
  invalid_argument: {
    httpsCode: 'invalid-argument',
    sameRequestRetry: false,
    message: 'Some of the request is not valid. Fix the highlighted field and try again.',
  },
  unauthenticated: {
    httpsCode: 'unauthenticated',
    sameRequestRetry: false,
    message: 'You are signed out. Sign in and try again.',
  },
  permission_denied: {
    httpsCode: 'permission-denied',
    sameRequestRetry: false,
    message: 'That belongs to someone else.',
  },
  not_found: {
    httpsCode: 'not-found',
    sameRequestRetry: false,
    message: 'We could not find that. It may have been removed.',
  },
  already_exists: {
    httpsCode: 'already-exists',
    sameRequestRetry: false,
    message: 'That is already taken. Pick another one.',
  },
  post_under_review: {
    httpsCode: 'failed-precondition',
    sameRequestRetry: false,
    message: 'This post was hidden after reports and stays hidden until a moderator reviews it.',
  },
  insufficient_tokens: {
    httpsCode: 'failed-precondition',
    sameRequestRetry: false,
    message: 'You do not have enough tokens for this. Ask for fewer variations or a cheaper model.',
  },
  invalid_transition: {
    httpsCode: 'failed-precondition',
    sameRequestRetry: false,
    message: 'That job has already moved on.',
  },
  job_not_cancelable: {
    httpsCode: 'failed-precondition',
    sameRequestRetry: false,
    message: 'Only a queued job can be canceled; this one has already started or finished.',
  },
  safety_blocked: {
    httpsCode: 'invalid-argument',
    sameRequestRetry: false,
    message: 'The safety filter blocked this prompt. Rephrase it and try again.',
  },
  model_unavailable: {
    httpsCode: 'unavailable',
    sameRequestRetry: false,
    message: 'The image model is busy or unavailable right now. Try again in a few minutes.',
  },
  overloaded: {
    httpsCode: 'resource-exhausted',
    sameRequestRetry: false,
    message: 'Phoenix is at capacity and could not start this job. Try again in a minute.',
  },
  // Definite despite its HTTPS code: the job was failed and refunded.
  queue_unavailable: {
    httpsCode: 'unavailable',
    sameRequestRetry: false,
    message: 'We could not queue your job. Nothing was charged; please try again.',
  },
  timed_out: {
    httpsCode: 'deadline-exceeded',
    sameRequestRetry: false,
    message: 'This job took too long and was stopped. Try again in a few minutes.',
  },
  rate_limited: {
    httpsCode: 'resource-exhausted',
    sameRequestRetry: false,
    message: 'You have reached the hourly limit of generations. Try again later.',
  },
  too_many_in_flight: {
    httpsCode: 'resource-exhausted',
    sameRequestRetry: false,
    message:
      'You already have as many jobs queued or running as one person may. Start this one when one of them finishes.',
  },
  daily_limit: {
    httpsCode: 'resource-exhausted',
    sameRequestRetry: false,
    message: 'You have used your tokens for today. The daily limit resets at midnight UTC.',
  },
  budget_exceeded: {
    httpsCode: 'failed-precondition',
    sameRequestRetry: false,
    message:
      "Phoenix has reached this month's generation budget, so new jobs are paused. Nothing was charged; try again next month or ask an admin.",
  },
  video_paused: {
    httpsCode: 'failed-precondition',
    sameRequestRetry: false,
    message: 'Video generation is paused right now. Nothing was charged; try again later.',
  },
  email_unverified: {
    httpsCode: 'failed-precondition',
    sameRequestRetry: false,
    message: 'Verify your email address first: follow the link we sent you, then try again.',
  },
  // An unexpected throw may come after the job was committed (a commit whose
  // answer was lost, say), so the job may exist.
  internal: {
    httpsCode: 'internal',
    sameRequestRetry: true,
    message: 'Something went wrong on our side. Nothing was charged; please try again.',
  },
} as const satisfies Record<string, { httpsCode: string; sameRequestRetry: boolean; message: string }>;

export type ErrorCode = keyof typeof errorCodes;
export type HttpsErrorCode = (typeof errorCodes)[ErrorCode]['httpsCode'];

/**
 * Callable codes the transport itself produces when the answer was lost (no
 * connection, timeout, a server that died mid-call): the call may have acted.
 */
const uncertainTransportCodes: ReadonlySet<string> = new Set([
  'unavailable',
  'deadline-exceeded',
  'internal',
  'unknown',
]);

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCodes, code);
}

/**
 * Whether a failed call may be retried with the same request id. The domain
 * code (what the server sent in the error's details) decides when there is
 * one, because its HTTPS code can mislead: `queue_unavailable` travels as
 * `unavailable` yet is definite. Without one the failure came from the
 * transport, and only its codes for a lost answer count as uncertain.
 * @param failure `code`: the domain code from the details, if any;
 *   `httpsCode`: the callable code without the `functions/` prefix.
 */
export function mayRetryWithSameRequest(failure: { code?: unknown; httpsCode: string }): boolean {
  if (isErrorCode(failure.code)) return errorCodes[failure.code].sameRequestRetry;
  return uncertainTransportCodes.has(failure.httpsCode);
}

/** A failure whose code steers control flow and whose message is shown to the user. */
export class PhoenixError extends Error {
  readonly code: ErrorCode;
  /** The request field at fault, as a dotted path (`params.count`), when there is one. */
  readonly field: string | undefined;
  /** Extra facts the caller can act on, sent beside the code (e.g. `retryAfterSeconds`). */
  readonly extra: Readonly<Record<string, number | string>>;

  constructor(
    code: ErrorCode,
    message: string = errorCodes[code].message,
    field?: string,
    extra: Readonly<Record<string, number | string>> = {},
  ) {
    super(message);
    this.name = 'PhoenixError';
    this.code = code;
    this.field = field;
    this.extra = extra;
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
  const inheriting = inheritingObjectAt(input);
  if (inheriting) {
    const field = inheriting.join('.') || undefined;
    const detail = 'Send plain JSON: this object inherits fields from another (a __proto__ key?).';
    throw new PhoenixError(
      'invalid_argument',
      field ? `${field}: ${detail}` : `Invalid request: ${detail}`,
      field,
    );
  }
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

/**
 * The path of the first object whose prototype is not a plain object's. JSON
 * never makes one, but a decoder that honours a `__proto__` key does, and a
 * strict schema then reads the inherited fields as if they were sent.
 */
function inheritingObjectAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value !== 'object' || value === null || path.length > 1_000) return null;
  const prototype = Object.getPrototypeOf(value) as unknown;
  const plain = Array.isArray(value)
    ? prototype === Array.prototype
    : prototype === Object.prototype || prototype === null;
  if (!plain) return path;
  for (const [key, child] of Object.entries(value)) {
    const found = inheritingObjectAt(child, [...path, key]);
    if (found) return found;
  }
  return null;
}
