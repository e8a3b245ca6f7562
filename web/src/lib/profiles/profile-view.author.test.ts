import { avatarColorFor, shortUserId } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { authorOf, initialsOf, toProfileView } from './profile-view.ts';

describe('toProfileView', () => {
  it('keeps the stored fields', () => {
    const view = toProfileView('u1', {
      username: 'Ada_L',
      usernameLower: 'ada_l',
      bio: 'Paints foxes.',
      avatarColor: '#15803d',
      counts: { posts: 4, likesReceived: 12 },
    });
    expect(view).toEqual({
      uid: 'u1',
      username: 'Ada_L',
      bio: 'Paints foxes.',
      avatarColor: '#15803d',
      counts: { posts: 4, likesReceived: 12 },
    });
  });

  it('fills a missing or malformed document with zero counts and the uid colour', () => {
    const view = toProfileView('u2', { counts: { posts: -1, likesReceived: Number.NaN } } as never);
    expect(view).toEqual({
      uid: 'u2',
      username: null,
      bio: null,
      avatarColor: avatarColorFor('u2'),
      counts: { posts: 0, likesReceived: 0 },
    });
    expect(toProfileView('u2', undefined).counts).toEqual({ posts: 0, likesReceived: 0 });
  });
});

describe('authorOf', () => {
  it('names a user by their username and links to its lowercase key', () => {
    const author = authorOf('u1', toProfileView('u1', { username: 'Ada_Lovelace', avatarColor: '#b91c1c' }));
    expect(author).toEqual({
      name: 'Ada_Lovelace',
      initials: 'AL',
      color: '#b91c1c',
      profileKey: 'ada_lovelace',
      anonymous: false,
    });
  });

  it('shows a user without a name as anonymous plus the short id, with no link', () => {
    const author = authorOf('uid-without-name', toProfileView('uid-without-name', {}));
    expect(author.name).toBe(`anonymous-${shortUserId('uid-without-name')}`);
    expect(author.profileKey).toBeNull();
    expect(author.anonymous).toBe(true);
  });

  it('paints the uid colour before the profile has loaded', () => {
    expect(authorOf('u3', undefined).color).toBe(avatarColorFor('u3'));
  });
});

describe('initialsOf', () => {
  it('takes the first letter of up to two words', () => {
    expect(initialsOf('ada')).toBe('A');
    expect(initialsOf('grace_brewster_hopper')).toBe('GB');
    expect(initialsOf('_42_fox')).toBe('F');
    expect(initialsOf('1234')).toBe('1');
  });
});
