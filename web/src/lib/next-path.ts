/**
 * Where to send someone after they sign in. Only paths inside this app are
 * accepted: a `?next=` pointing elsewhere (`//evil.example`, `https://…`,
 * `javascript:`) would turn the sign-in page into an open redirect.
 */

/** Where a sign-in lands when no usable `next` was given. */
export const DEFAULT_AFTER_SIGN_IN = '/create';

/**
 * @param raw The `next` query value, as read from the URL (already decoded).
 * @param fallback Returned when `raw` is missing or not an in-app path. Default `/create`.
 */
export function safeNextPath(raw: string | null | undefined, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (!raw) return fallback;
  // One leading slash, not two (protocol-relative), and no backslash, which
  // some browsers treat as a slash.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return fallback;
  // Sending a freshly signed-in user back to the sign-in page would look stuck.
  if (raw === '/signin' || raw.startsWith('/signin?') || raw.startsWith('/signin#')) return fallback;
  return raw;
}

/** The sign-in address that returns to `path` afterwards. */
export function signInHref(path: string): string {
  const next = safeNextPath(path, '');
  return next ? `/signin?next=${encodeURIComponent(next)}` : '/signin';
}
