import { describe, expect, it } from 'vitest';
import { grantableEmail, normalizeEmail } from './grants.ts';

describe('normalizeEmail', () => {
  it.each([
    ['Ada@Example.com', 'ada@example.com'],
    ['  ada@example.com \n', 'ada@example.com'],
    ['ada+phoenix@example.com', 'ada@example.com'],
    ['ada+a+b@example.com', 'ada@example.com'],
    ['a.da@example.com', 'a.da@example.com'],
    ['A.Da.Lovelace+x@Gmail.com', 'adalovelace@gmail.com'],
    ['ada.lovelace@googlemail.com', 'adalovelace@gmail.com'],
  ])('reads %j as %j', (email, normalized) => {
    expect(normalizeEmail(email)).toBe(normalized);
  });

  it('gives every alias of one Gmail inbox the same key', () => {
    const aliases = [
      'adalovelace@gmail.com',
      'Ada.Lovelace@gmail.com',
      'a.d.a.lovelace+2@googlemail.com',
      ' ADALOVELACE+x@GMAIL.COM',
    ];
    expect(new Set(aliases.map(normalizeEmail))).toEqual(new Set(['adalovelace@gmail.com']));
  });

  it.each(['', 'ada', '@example.com', 'ada@', '+tag@example.com', '   '])(
    'refuses %j as no address',
    (email) => {
      expect(normalizeEmail(email)).toBeNull();
    },
  );
});

describe('grantableEmail', () => {
  it('gives the normalized address only for a verified one', () => {
    expect(grantableEmail({ email: 'Ada+x@Example.com', email_verified: true })).toBe('ada@example.com');
  });

  it.each([
    ['unverified', { email: 'ada@example.com', email_verified: false }],
    ['verified as text', { email: 'ada@example.com', email_verified: 'true' }],
    ['with no verification claim', { email: 'ada@example.com' }],
    ['with no email', { email_verified: true }],
    ['with a non-string email', { email: 42, email_verified: true }],
    ['with an email that is no address', { email: 'ada', email_verified: true }],
  ])('refuses a token %s', (_label, token) => {
    expect(grantableEmail(token)).toBeNull();
  });
});
