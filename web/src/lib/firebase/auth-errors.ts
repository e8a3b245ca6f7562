/**
 * Firebase Auth error codes in plain words, and which field each belongs to.
 * Pure: it reads the `code` of whatever was thrown, so it is tested without
 * the SDK.
 */

export type AuthField = 'email' | 'password';

export interface AuthProblem {
  message: string;
  /** The input to mark invalid, when the problem is about one of them. */
  field?: AuthField;
}

/** Firebase's own minimum; the Auth service answers `auth/weak-password` below it. */
export const PASSWORD_MIN_LENGTH = 6;

const WRONG_CREDENTIALS: AuthProblem = {
  message: 'That email and password do not match. Check them, or create an account.',
};

const problems: Record<string, AuthProblem> = {
  'auth/invalid-credential': WRONG_CREDENTIALS,
  'auth/invalid-login-credentials': WRONG_CREDENTIALS,
  'auth/wrong-password': WRONG_CREDENTIALS,
  'auth/user-not-found': WRONG_CREDENTIALS,
  'auth/email-already-in-use': {
    message: 'An account already uses this email. Sign in instead.',
    field: 'email',
  },
  'auth/weak-password': {
    message: `Choose a stronger password: at least ${PASSWORD_MIN_LENGTH} characters.`,
    field: 'password',
  },
  'auth/invalid-email': { message: 'Enter a valid email address, like name@example.com.', field: 'email' },
  'auth/missing-password': { message: 'Enter your password.', field: 'password' },
  'auth/network-request-failed': {
    message: 'We could not reach the sign-in service. Check your connection and try again.',
  },
  'auth/too-many-requests': {
    message: 'Too many attempts in a row. Wait a minute, then try again.',
  },
  'auth/user-disabled': { message: 'This account has been turned off. Contact support.' },
  'auth/popup-blocked': {
    message: 'Your browser blocked the Google window. Allow pop-ups for this site and try again.',
  },
  'auth/operation-not-allowed': { message: 'This way of signing in is not turned on.' },
  'auth/account-exists-with-different-credential': {
    message: 'This email already has an account with another sign-in method. Use that one.',
  },
};

/** Codes that mean the person changed their mind: not an error worth showing. */
const dismissals = new Set([
  'auth/popup-closed-by-user',
  'auth/cancelled-popup-request',
  'auth/user-cancelled',
]);

const FALLBACK: AuthProblem = { message: 'Signing in did not work. Please try again.' };

function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * What to tell the person about a failed sign-in or sign-up, or `null` when
 * they closed the Google window themselves.
 */
export function describeAuthError(error: unknown): AuthProblem | null {
  const code = codeOf(error);
  if (code && dismissals.has(code)) return null;
  return (code && problems[code]) || FALLBACK;
}

/**
 * Checks the form before asking the server, so the common mistakes get their
 * message at once; the server still has the last word.
 */
export function checkCredentials(
  email: string,
  password: string,
  mode: 'sign-in' | 'sign-up',
): AuthProblem | null {
  const trimmed = email.trim();
  if (!trimmed) return { message: 'Enter your email address.', field: 'email' };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    return problems['auth/invalid-email'] ?? FALLBACK;
  }
  if (!password) return { message: 'Enter your password.', field: 'password' };
  if (mode === 'sign-up' && password.length < PASSWORD_MIN_LENGTH) {
    return problems['auth/weak-password'] ?? FALLBACK;
  }
  return null;
}
