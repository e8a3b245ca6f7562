/**
 * Turns what a callable throws into something a form can show: a sentence
 * and, when the server named one, the request field at fault. Callables send
 * core's messages (written for people) with `details: { code, field }`; the
 * SDK's own failures (offline, timeout) only carry a bare code, which gets a
 * sentence here. Pure: tested without the SDK.
 */
import { errorCodes, isErrorCode, type ErrorCode } from '@phoenix/core';

export interface CallableProblem {
  message: string;
  /** The request field the server blamed, e.g. `prompt` or `count`. */
  field?: string;
  /** The callable code without the `functions/` prefix, e.g. `invalid-argument`. */
  code: string;
  /**
   * Core's error code from the server's details, e.g. `queue_unavailable`;
   * absent when the failure came from the transport (offline, timeout).
   */
  errorCode?: ErrorCode;
  /**
   * The other facts the server sent beside the code and field, e.g.
   * `retryAfterSeconds` with `rate_limited`; absent when there are none.
   */
  details?: Record<string, number | string>;
}

const OFFLINE = 'We could not reach Phoenix. Check your connection and try again.';

/** Sentences for codes that arrive without one of ours. */
const fallbacks: Record<string, string> = {
  unauthenticated: errorCodes.unauthenticated.message,
  'permission-denied': errorCodes.permission_denied.message,
  'not-found': errorCodes.not_found.message,
  unavailable: OFFLINE,
  'deadline-exceeded': OFFLINE,
  'resource-exhausted': 'You are going a little fast. Wait a moment and try again.',
  internal: errorCodes.internal.message,
};

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The details' numbers and strings other than `code` and `field`, which have their own places. */
function extraFacts(details: Record<string, unknown>): Record<string, number | string> | undefined {
  const facts = Object.entries(details).filter(
    (entry): entry is [string, number | string] =>
      entry[0] !== 'code' &&
      entry[0] !== 'field' &&
      ((typeof entry[1] === 'number' && Number.isFinite(entry[1])) || typeof entry[1] === 'string'),
  );
  return facts.length > 0 ? Object.fromEntries(facts) : undefined;
}

export function describeCallableError(error: unknown): CallableProblem {
  const raw = record(error);
  const code = typeof raw.code === 'string' ? raw.code.replace(/^functions\//, '') : 'internal';
  const details = record(raw.details);
  const field = typeof details.field === 'string' && details.field ? details.field : undefined;
  const errorCode = isErrorCode(details.code) ? details.code : undefined;
  const facts = extraFacts(details);

  // The SDK appends the HTTP status (" [400]") to the server's sentence; people need the sentence.
  let message = typeof raw.message === 'string' ? raw.message.trim().replace(/\s*\[\d{3}\]$/, '') : '';
  // The SDK uses the bare code as the message when the server said nothing.
  if (!message || message === code || message.toLowerCase() === code.replace(/-/g, ' ')) {
    message = errorCode ? errorCodes[errorCode].message : (fallbacks[code] ?? errorCodes.internal.message);
  }
  // Validation messages name their field ("count: Ask for at most 4…");
  // next to the field itself the prefix is noise.
  if (field && message.startsWith(`${field}: `)) message = message.slice(field.length + 2);

  return {
    message,
    code,
    ...(field ? { field } : {}),
    ...(errorCode ? { errorCode } : {}),
    ...(facts ? { details: facts } : {}),
  };
}
