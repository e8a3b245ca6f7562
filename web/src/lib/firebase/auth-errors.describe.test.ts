import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, checkCredentials, describeAuthError } from './auth-errors.ts';

const fail = (code: string) => Object.assign(new Error(`Firebase: Error (${code}).`), { code });

describe('describeAuthError', () => {
  it.each(['auth/invalid-credential', 'auth/wrong-password', 'auth/user-not-found'])(
    'explains %s as a mismatch without saying which half was wrong',
    (code) => {
      expect(describeAuthError(fail(code))).toEqual({
        message: 'That email and password do not match. Check them, or create an account.',
      });
    },
  );

  it('points at the email when it is taken', () => {
    expect(describeAuthError(fail('auth/email-already-in-use'))).toEqual({
      message: 'An account already uses this email. Sign in instead.',
      field: 'email',
    });
  });

  it('points at the password when it is weak', () => {
    expect(describeAuthError(fail('auth/weak-password'))).toMatchObject({
      field: 'password',
      message: expect.stringContaining(`at least ${PASSWORD_MIN_LENGTH} characters`),
    });
  });

  it('names the network when it is the network', () => {
    expect(describeAuthError(fail('auth/network-request-failed'))?.message).toMatch(/connection/);
  });

  it('stays quiet when the person closed the Google window', () => {
    expect(describeAuthError(fail('auth/popup-closed-by-user'))).toBeNull();
    expect(describeAuthError(fail('auth/cancelled-popup-request'))).toBeNull();
  });

  it('has a general message for anything else', () => {
    expect(describeAuthError(fail('auth/something-new'))).toEqual({
      message: 'Signing in did not work. Please try again.',
    });
    expect(describeAuthError('boom')).toEqual({ message: 'Signing in did not work. Please try again.' });
  });
});

describe('checkCredentials', () => {
  it('accepts a plausible email and password', () => {
    expect(checkCredentials(' ada@phoenix.test ', 'secret', 'sign-in')).toBeNull();
    expect(checkCredentials('ada@phoenix.test', 'x'.repeat(PASSWORD_MIN_LENGTH), 'sign-up')).toBeNull();
  });

  it.each([
    ['', 'secret', 'sign-in', 'email', 'Enter your email address.'],
    ['ada', 'secret', 'sign-in', 'email', 'Enter a valid email address, like name@example.com.'],
    ['ada@phoenix.test', '', 'sign-in', 'password', 'Enter your password.'],
    [
      'ada@phoenix.test',
      '12345',
      'sign-up',
      'password',
      'Choose a stronger password: at least 6 characters.',
    ],
  ] as const)('refuses %j / %j (%s) at the %s field', (email, password, mode, field, message) => {
    expect(checkCredentials(email, password, mode)).toEqual({ field, message });
  });

  it('does not judge the length of an existing password', () => {
    expect(checkCredentials('ada@phoenix.test', '123', 'sign-in')).toBeNull();
  });
});
