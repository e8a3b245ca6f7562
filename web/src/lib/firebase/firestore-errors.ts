/**
 * Words for a live listener that stopped. Pure: reads the `code` of a
 * FirestoreError (`permission-denied`, `unavailable`, …).
 */
export function describeListenError(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error
      ? String((error as { code: unknown }).code)
      : '';
  switch (code) {
    case 'permission-denied':
      return 'You do not have access to this.';
    case 'unavailable':
      return 'Phoenix is unreachable right now. Check your connection; this page reconnects by itself.';
    case 'unauthenticated':
      return 'You are signed out. Sign in and try again.';
    default:
      return 'This could not be loaded. Reload the page to try again.';
  }
}
