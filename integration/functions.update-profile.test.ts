import { randomUUID } from 'node:crypto';
import { BIO_MAX_LENGTH, avatarColorFor, type ProfileDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { callableTestbed, refusalOf } from './functions.callers.ts';

const { users, db } = callableTestbed();

const profileOf = async (uid: string) =>
  (await db.doc(`profiles/${uid}`).get()).data() as ProfileDoc | undefined;

describe('updateProfile', () => {
  it('sets a trimmed bio, creating the profile with zero counts on first use', async () => {
    const ada = await users.signUp();

    expect(await ada.call('updateProfile', { bio: '  Paints foxes in snow.  ' })).toEqual({
      bio: 'Paints foxes in snow.',
    });

    expect(await profileOf(ada.uid)).toMatchObject({
      username: null,
      usernameLower: null,
      bio: 'Paints foxes in snow.',
      avatarColor: avatarColorFor(ada.uid),
      counts: { posts: 0, likesReceived: 0 },
    });
  });

  it(`takes a bio of exactly ${BIO_MAX_LENGTH} characters`, async () => {
    const ada = await users.signUp();
    const full = 'f'.repeat(BIO_MAX_LENGTH);
    expect(await ada.call('updateProfile', { bio: full })).toEqual({ bio: full });
    expect((await profileOf(ada.uid))?.bio).toBe(full);
  });

  it('refuses one character more with invalid-argument and keeps the old bio', async () => {
    const ada = await users.signUp();
    await ada.call('updateProfile', { bio: 'before' });

    const refused = await refusalOf(ada.call('updateProfile', { bio: 'f'.repeat(BIO_MAX_LENGTH + 1) }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.message).toMatch(/160 characters/);
    expect(refused.details).toMatchObject({ code: 'invalid_argument', field: 'bio' });
    expect((await profileOf(ada.uid))?.bio).toBe('before');
  });

  it('refuses a bio that is not text, or fields it does not know, without creating a profile', async () => {
    const ada = await users.signUp();
    expect((await refusalOf(ada.call('updateProfile', { bio: ['x'] }))).code).toBe(
      'functions/invalid-argument',
    );
    expect((await refusalOf(ada.call('updateProfile', { counts: { posts: 99 } }))).code).toBe(
      'functions/invalid-argument',
    );
    expect(await profileOf(ada.uid)).toBeUndefined();
  });

  it('clears the bio when it is empty, and leaves it alone when it is left out', async () => {
    const ada = await users.signUp();
    await ada.call('updateProfile', { bio: 'hello' });
    expect(await ada.call('updateProfile', {})).toEqual({ bio: 'hello' });
    expect((await profileOf(ada.uid))?.bio).toBe('hello');

    expect(await ada.call('updateProfile', { bio: '   ' })).toEqual({ bio: null });
    expect((await profileOf(ada.uid))?.bio).toBeNull();
  });

  it('keeps the username when the bio changes, and the bio when the username changes', async () => {
    const ada = await users.signUp();
    const name = `Ada_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    await ada.call('claimUsername', { username: name });
    await ada.call('updateProfile', { bio: 'first' });
    expect(await profileOf(ada.uid)).toMatchObject({ username: name, bio: 'first' });

    const renamed = `Lo_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    await ada.call('claimUsername', { username: renamed });
    expect(await profileOf(ada.uid)).toMatchObject({ username: renamed, bio: 'first' });
  });
});
