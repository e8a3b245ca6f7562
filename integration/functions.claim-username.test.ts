import { randomUUID } from 'node:crypto';
import { avatarColorFor, usernameTakenMessage, type ProfileDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { callableTestbed, refusalOf } from './functions.callers.ts';

// Usernames live in one global collection, so each test claims names of its
// own (a random suffix) and users signed up fresh.
const { users, db } = callableTestbed();

/** A valid name no other test uses, in the case given (`Ada` → `Ada_1a2b3c4d`). */
const freshName = (stem: string) => `${stem}_${randomUUID().replaceAll('-', '').slice(0, 8)}`;

const holderOf = async (name: string) =>
  ((await db.doc(`usernames/${name.toLowerCase()}`).get()).data() as { uid: string } | undefined)?.uid ??
  null;
const profileOf = async (uid: string) =>
  (await db.doc(`profiles/${uid}`).get()).data() as ProfileDoc | undefined;

describe('claimUsername', () => {
  it('gives a free name to the caller, keyed lowercase, on a new profile with zero counts', async () => {
    const ada = await users.signUp();
    const name = freshName('Ada');

    expect(await ada.call('claimUsername', { username: ` ${name} ` })).toEqual({ username: name });

    expect((await db.doc(`usernames/${name.toLowerCase()}`).get()).data()).toEqual({ uid: ada.uid });
    const profile = await profileOf(ada.uid);
    expect(profile).toMatchObject({
      username: name,
      usernameLower: name.toLowerCase(),
      bio: null,
      avatarColor: avatarColorFor(ada.uid),
      counts: { posts: 0, likesReceived: 0 },
    });
    expect(profile!.createdAt.toMillis()).toBeGreaterThan(0);
  });

  it('treats the caller’s own current name as a success that writes nothing', async () => {
    const ada = await users.signUp();
    const name = freshName('ada');
    await ada.call('claimUsername', { username: name });
    const written = async () => (await db.doc(`profiles/${ada.uid}`).get()).updateTime!;
    const before = await written();

    expect(await ada.call('claimUsername', { username: name })).toEqual({ username: name });

    // The emulator gives every write a new update time; an unchanged one means no write.
    expect((await written()).isEqual(before)).toBe(true);
    expect(await holderOf(name)).toBe(ada.uid);
  });

  it('lets the holder change only the case of their name, keeping the same key', async () => {
    const ada = await users.signUp();
    const name = freshName('ada');
    await ada.call('claimUsername', { username: name });

    expect(await ada.call('claimUsername', { username: name.toUpperCase() })).toEqual({
      username: name.toUpperCase(),
    });
    expect(await profileOf(ada.uid)).toMatchObject({ username: name.toUpperCase(), usernameLower: name });
    expect(await holderOf(name)).toBe(ada.uid);
  });

  it('frees the old name on a rename, so someone else can then claim it', async () => {
    const ada = await users.signUp();
    const bob = await users.signUp();
    const first = freshName('ada');
    const second = freshName('lovelace');
    await ada.call('claimUsername', { username: first });

    await ada.call('claimUsername', { username: second });
    expect((await db.doc(`usernames/${first}`).get()).exists).toBe(false);
    expect(await holderOf(second)).toBe(ada.uid);
    expect(await profileOf(ada.uid)).toMatchObject({ username: second, usernameLower: second });

    expect(await bob.call('claimUsername', { username: first })).toEqual({ username: first });
    expect(await holderOf(first)).toBe(bob.uid);
  });

  it('refuses a name someone else holds, in any case, with already-exists and nothing written', async () => {
    const ada = await users.signUp();
    const bob = await users.signUp();
    const name = freshName('ada');
    const bobsName = freshName('bob');
    await ada.call('claimUsername', { username: name });
    await bob.call('claimUsername', { username: bobsName });
    const bobBefore = await profileOf(bob.uid);

    const refused = await refusalOf(bob.call('claimUsername', { username: name.toUpperCase() }));
    expect(refused.code).toBe('functions/already-exists');
    // The web SDK may append the HTTP status ("… [409]") to the message.
    expect(refused.message.startsWith(usernameTakenMessage(name.toUpperCase()))).toBe(true);
    expect(refused.details).toMatchObject({ code: 'already_exists', field: 'username' });

    expect(await holderOf(name)).toBe(ada.uid);
    expect(await holderOf(bobsName)).toBe(bob.uid);
    expect(await profileOf(bob.uid)).toEqual(bobBefore);
  });

  it.each([
    ['a reserved name', 'Admin', /reserved/],
    ['a name too short', 'ab', /at least 3/],
    ['a name too long', 'a'.repeat(21), /at most 20/],
    ['a name with other characters', 'ada lovelace', /letters a–z/],
    ['a name that is not text', 42, /Pick a username/],
  ])('refuses %s with invalid-argument and writes nothing', async (_, username, message) => {
    const user = await users.signUp();
    const refused = await refusalOf(user.call('claimUsername', { username }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.message).toMatch(message);
    expect(refused.details).toMatchObject({ code: 'invalid_argument', field: 'username' });
    expect(await profileOf(user.uid)).toBeUndefined();
    if (typeof username === 'string') expect(await holderOf(username)).not.toBe(user.uid);
  });

  it('lets exactly one of two users racing for a name win; the other hears already-exists', async () => {
    for (let round = 0; round < 3; round += 1) {
      const [ada, bob] = await Promise.all([users.signUp(), users.signUp()]);
      const name = freshName('race');
      const outcomes = await Promise.allSettled([
        ada.call('claimUsername', { username: name }),
        bob.call('claimUsername', { username: name.toUpperCase() }),
      ]);

      const won = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
      expect(won).toHaveLength(1);
      const [winner, loser] = won[0] === 0 ? [ada, bob] : [bob, ada];
      const lost = outcomes[won[0] === 0 ? 1 : 0] as PromiseRejectedResult;
      expect((lost.reason as { code: string }).code).toBe('functions/already-exists');

      expect(await holderOf(name)).toBe(winner.uid);
      expect((await profileOf(winner.uid))?.usernameLower).toBe(name);
      expect(await profileOf(loser.uid)).toBeUndefined();
    }
  });
});
