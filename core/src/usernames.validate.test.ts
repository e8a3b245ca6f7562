import { describe, expect, it } from 'vitest';
import { PhoenixError, parseRequest } from './errors.ts';
import {
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  checkUsername,
  planUsernameClaim,
  reservedUsernames,
  suggestUsername,
  usernameKey,
} from './usernames.ts';
import { claimUsernameRequestSchema } from './claim-username-request.ts';

function refusal(input: unknown): PhoenixError {
  try {
    parseRequest(claimUsernameRequestSchema, input);
  } catch (error) {
    if (error instanceof PhoenixError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('checkUsername', () => {
  it('accepts letters, digits and underscores, keeping the typed case and keying by lowercase', () => {
    expect(checkUsername('  Ada_Lovelace99 ')).toEqual({
      ok: true,
      username: 'Ada_Lovelace99',
      key: 'ada_lovelace99',
    });
  });

  it('compares case-insensitively: every case of a name has one key', () => {
    expect(usernameKey('ADA')).toBe('ada');
    expect(usernameKey('aDa')).toBe(usernameKey('Ada'));
  });

  it(`takes ${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} characters, both bounds included`, () => {
    expect(checkUsername('abc').ok).toBe(true);
    expect(checkUsername('a'.repeat(USERNAME_MAX_LENGTH)).ok).toBe(true);
    expect(checkUsername('ab')).toMatchObject({ ok: false, problem: 'too_short' });
    expect(checkUsername('a'.repeat(USERNAME_MAX_LENGTH + 1))).toMatchObject({
      ok: false,
      problem: 'too_long',
    });
  });

  it.each(['ada lovelace', 'ada-l', 'ada.l', 'adé', 'ada/../x', '__proto__!', 'ａｄａ', 'ada\u0000'])(
    'refuses %j for its characters',
    (name) => {
      expect(checkUsername(name)).toMatchObject({ ok: false, problem: 'characters' });
    },
  );

  it.each(['admin', 'Admin', 'PHOENIX', 'support', 'api', 'explore', 'create', 'drafts', 'anonymous'])(
    'refuses the reserved name %j in any case',
    (name) => {
      expect(checkUsername(name)).toMatchObject({ ok: false, problem: 'reserved' });
    },
  );

  it.each(['__abc__', '__Proto__', '___'.repeat(2)])(
    'refuses %j, an id Firestore reserves for itself',
    (name) => {
      expect(checkUsername(name)).toMatchObject({ ok: false, problem: 'reserved' });
    },
  );

  it('reserves the one-letter routes too, although they are too short anyway', () => {
    expect(reservedUsernames.has('u')).toBe(true);
    expect(reservedUsernames.has('p')).toBe(true);
  });
});

describe('claimUsernameRequestSchema', () => {
  it('parses a valid name, trimmed, in the case typed', () => {
    expect(parseRequest(claimUsernameRequestSchema, { username: ' Ada ' })).toEqual({ username: 'Ada' });
  });

  it.each([
    [{}, /Pick a username/],
    [{ username: 42 }, /Pick a username/],
    [{ username: 'ab' }, /at least 3/],
    [{ username: 'admin' }, /reserved/],
    [{ username: 'no spaces' }, /letters a–z/],
    [{ username: 'ada', extra: true }, /Unrecognized key|unrecognized/i],
  ])('refuses %j as invalid_argument', (input, message) => {
    const error = refusal(input);
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(message);
  });

  it('names the field at fault', () => {
    expect(refusal({ username: 'admin' }).field).toBe('username');
  });
});

describe('planUsernameClaim', () => {
  const me = 'uid-me';

  it('claims a free name and frees the old one', () => {
    expect(planUsernameClaim({ uid: me, username: 'Grace', current: 'Ada', holderUid: null })).toEqual({
      action: 'claim',
      release: 'ada',
    });
  });

  it('claims a first name with nothing to free', () => {
    expect(planUsernameClaim({ uid: me, username: 'ada', current: null, holderUid: null })).toEqual({
      action: 'claim',
      release: null,
    });
  });

  it('refuses a name held by someone else, in any case', () => {
    expect(planUsernameClaim({ uid: me, username: 'ADA', current: 'grace', holderUid: 'uid-other' })).toEqual(
      {
        action: 'taken',
      },
    );
  });

  it('does nothing when the caller claims their own current name again', () => {
    expect(planUsernameClaim({ uid: me, username: 'Ada', current: 'Ada', holderUid: me })).toEqual({
      action: 'unchanged',
    });
  });

  it('only restyles when the caller changes the case of their own name', () => {
    expect(planUsernameClaim({ uid: me, username: 'ADA', current: 'Ada', holderUid: me })).toEqual({
      action: 'restyle',
    });
  });
});

describe('suggestUsername', () => {
  it('offers the cleaned-up base when it is free', () => {
    expect(suggestUsername('Ada.Lovelace', () => false)).toBe('ada_lovelace');
  });

  it('numbers the base until a free one turns up', () => {
    const taken = new Set(['ada', 'ada_2']);
    expect(suggestUsername('ada', (name) => taken.has(name))).toBe('ada_3');
  });

  it('pads a short base and skips reserved names', () => {
    expect(suggestUsername('x', () => false)).toBe('x_user');
    expect(suggestUsername('admin', () => false)).toBe('admin_2');
  });

  it('keeps numbered suggestions within the length limit', () => {
    const long = 'a'.repeat(30);
    const suggestion = suggestUsername(long, (name) => name === 'a'.repeat(USERNAME_MAX_LENGTH));
    expect(suggestion).toBe(`${'a'.repeat(USERNAME_MAX_LENGTH - 2)}_2`);
  });

  it('gives up with null once every candidate is taken', () => {
    expect(suggestUsername('ada', () => true, 5)).toBeNull();
  });
});
