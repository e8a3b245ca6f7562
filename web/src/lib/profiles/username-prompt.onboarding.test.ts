import { usernameKey } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  availabilityFromHolder,
  availabilityText,
  canClaim,
  findFreeUsername,
  localAvailability,
  rememberSkip,
  shouldPromptForUsername,
  skipStorageKey,
  suggestionBase,
  wasSkipped,
} from './username-prompt.ts';

describe('what the field says as the user types', () => {
  it('says nothing for an empty field and core’s exact words for a bad name', () => {
    expect(localAvailability('  ')).toEqual({ status: 'empty' });
    expect(localAvailability('ab')).toEqual({ status: 'invalid', message: 'Use at least 3 characters.' });
    expect(localAvailability('ada lovelace')).toEqual({
      status: 'invalid',
      message: 'Use only letters a–z, digits and underscores.',
    });
    expect(localAvailability('Admin')).toEqual({
      status: 'invalid',
      message: '“Admin” is reserved. Pick another name.',
    });
    expect(localAvailability('Ada_99')).toEqual({ status: 'checking' });
  });

  it('reads the holder as available, yours or taken, and only available may be claimed', () => {
    expect(availabilityFromHolder(null, 'me')).toEqual({ status: 'available' });
    expect(availabilityFromHolder('me', 'me')).toEqual({ status: 'yours' });
    expect(availabilityFromHolder('them', 'me')).toEqual({ status: 'taken' });
    expect(canClaim({ status: 'available' })).toBe(true);
    expect(canClaim({ status: 'taken' })).toBe(false);
    expect(canClaim({ status: 'checking' })).toBe(false);
    expect(canClaim({ status: 'yours' })).toBe(false);
  });

  it('words each state', () => {
    expect(availabilityText({ status: 'available' }, ' ada ')).toBe('“ada” is available.');
    expect(availabilityText({ status: 'taken' }, 'ada')).toContain('“ada” is taken');
    expect(availabilityText({ status: 'checking' }, 'ada')).toBe('Checking…');
    expect(availabilityText({ status: 'empty' }, '')).toBeNull();
    expect(availabilityText({ status: 'error', message: 'Offline.' }, 'ada')).toBe('Offline.');
  });
});

describe('findFreeUsername', () => {
  it('returns the first candidate a read finds free, reading each candidate once', async () => {
    const held = new Set(['ada', 'ada_2']);
    const reads: string[] = [];
    const name = await findFreeUsername('Ada', async (key) => {
      reads.push(key);
      return held.has(key);
    });
    expect(name).toBe('ada_3');
    expect(reads).toEqual(['ada', 'ada_2', 'ada_3']);
  });

  it('gives up after the read budget', async () => {
    let reads = 0;
    const name = await findFreeUsername('ada', async () => (reads += 1) > 0, 3);
    expect(name).toBeNull();
    expect(reads).toBe(3);
  });

  it('turns an email local part into a valid name', async () => {
    const name = await findFreeUsername(
      suggestionBase({ email: 'Grace.Hopper@navy.mil', displayName: null }),
      async () => false,
    );
    expect(name).toBe('grace_hopper');
    expect(usernameKey(name!)).toBe(name);
  });
});

describe('when to ask', () => {
  it('asks a loaded profile without a name, or a user with no profile yet, unless skipped', () => {
    expect(shouldPromptForUsername(undefined, false)).toBe(false);
    expect(shouldPromptForUsername(null, false)).toBe(true);
    expect(shouldPromptForUsername({ username: null }, false)).toBe(true);
    expect(shouldPromptForUsername({ username: null }, true)).toBe(false);
    expect(shouldPromptForUsername({ username: 'ada' }, false)).toBe(false);
  });

  it('remembers "not now" per user, and storage that throws counts as not skipped', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    rememberSkip(storage, 'u1');
    expect(wasSkipped(storage, 'u1')).toBe(true);
    expect(wasSkipped(storage, 'u2')).toBe(false);
    expect(store.has(skipStorageKey('u1'))).toBe(true);

    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => rememberSkip(broken, 'u1')).not.toThrow();
    expect(wasSkipped(broken, 'u1')).toBe(false);
    expect(wasSkipped(undefined, 'u1')).toBe(false);
  });
});
