import { describe, expect, it } from 'vitest';
import { describeListenError } from './firestore-errors.ts';

describe('describeListenError', () => {
  it.each([
    ['permission-denied', 'You do not have access to this.'],
    [
      'unavailable',
      'Phoenix is unreachable right now. Check your connection; this page reconnects by itself.',
    ],
    ['unauthenticated', 'You are signed out. Sign in and try again.'],
    ['internal', 'This could not be loaded. Reload the page to try again.'],
  ])('explains %s', (code, message) => {
    expect(describeListenError(Object.assign(new Error(code), { code }))).toBe(message);
  });

  it('explains something without a code', () => {
    expect(describeListenError(null)).toBe('This could not be loaded. Reload the page to try again.');
  });
});
