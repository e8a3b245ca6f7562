import { describe, expect, it } from 'vitest';
import { PhoenixError, parseRequest } from './errors.ts';
import {
  BIO_MAX_LENGTH,
  avatarColorFor,
  avatarPalette,
  bioToStore,
  displayName,
  newProfileFields,
  shortUserId,
} from './profiles.ts';
import { updateProfileRequestSchema } from './update-profile-request.ts';

const uids = Array.from({ length: 400 }, (_, index) => `user${index.toString(36)}Xy7Q`);

describe('avatarColorFor', () => {
  it('gives a uid the same palette colour every time', () => {
    const uid = 'kT3w9ZpQ1rYb8Lm2Nc4V';
    expect(avatarPalette).toContain(avatarColorFor(uid));
    expect(avatarColorFor(uid)).toBe(avatarColorFor(['kT3w9', 'ZpQ1rYb8Lm2Nc4V'].join('')));
    // Pinned: 32-bit FNV-1a of this uid is 0x9a1b400a (index 10 of 16, top half 9a1b). A changed hash or a
    // reordered palette would recolour every stored avatar, so it must fail here.
    expect(avatarColorFor(uid)).toBe(avatarPalette[10]);
    expect(avatarColorFor(uid)).toBe('#4338ca');
    expect(shortUserId(uid)).toBe('9a1b');
  });

  it('spreads many uids over the whole palette', () => {
    const used = new Set(uids.map(avatarColorFor));
    expect(used.size).toBe(avatarPalette.length);
  });

  it('tells near-identical uids apart', () => {
    expect(avatarColorFor('abc1')).not.toBe(avatarColorFor('abc2'));
  });
});

describe('newProfileFields', () => {
  it('starts with no name, no bio, zero counts and the uid’s colour', () => {
    expect(newProfileFields('uid-1')).toEqual({
      username: null,
      usernameLower: null,
      bio: null,
      avatarColor: avatarColorFor('uid-1'),
      counts: { posts: 0, likesReceived: 0 },
    });
  });
});

describe('displayName', () => {
  it('is the username when there is one', () => {
    expect(displayName({ username: 'Ada' }, 'uid-1')).toBe('Ada');
  });

  it('is "anonymous" plus a short, stable id otherwise', () => {
    const name = displayName(null, 'uid-1');
    expect(name).toMatch(/^anonymous-[0-9a-f]{4}$/);
    expect(name).toBe(`anonymous-${shortUserId('uid-1')}`);
    expect(displayName({ username: null }, 'uid-1')).toBe(name);
    expect(displayName(null, 'uid-2')).not.toBe(name);
  });
});

describe('updateProfileRequestSchema', () => {
  const refusal = (input: unknown): PhoenixError => {
    try {
      parseRequest(updateProfileRequestSchema, input);
    } catch (error) {
      if (error instanceof PhoenixError) return error;
      throw error;
    }
    throw new Error('expected the request to be refused');
  };

  it(`takes a bio of up to ${BIO_MAX_LENGTH} characters, trimmed, emoji counted as one`, () => {
    const full = `${'a'.repeat(BIO_MAX_LENGTH - 1)}🔥`;
    expect(parseRequest(updateProfileRequestSchema, { bio: `  ${full}  ` })).toEqual({ bio: full });
  });

  it('refuses one character more, naming the field', () => {
    const error = refusal({ bio: 'a'.repeat(BIO_MAX_LENGTH + 1) });
    expect(error.code).toBe('invalid_argument');
    expect(error.field).toBe('bio');
    expect(error.message).toMatch(/160 characters/);
  });

  it('refuses a bio with a broken character, which Firestore cannot store', () => {
    expect(refusal({ bio: 'half \uD83D an emoji' }).field).toBe('bio');
  });

  it('refuses a bio that is not text, and unknown fields', () => {
    expect(refusal({ bio: 7 }).field).toBe('bio');
    expect(refusal({ bio: 'hi', username: 'ada' }).code).toBe('invalid_argument');
  });

  it('clears the bio when it is empty after trimming', () => {
    const { bio } = parseRequest(updateProfileRequestSchema, { bio: '   ' });
    expect(bioToStore(bio!)).toBeNull();
    expect(bioToStore('hello')).toBe('hello');
  });
});
