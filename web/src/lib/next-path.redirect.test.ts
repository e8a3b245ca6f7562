import { describe, expect, it } from 'vitest';
import { DEFAULT_AFTER_SIGN_IN, safeNextPath, signInHref } from './next-path.ts';

describe('safeNextPath', () => {
  it('keeps in-app paths with their query and hash', () => {
    expect(safeNextPath('/p/abc_0')).toBe('/p/abc_0');
    expect(safeNextPath('/create?prompt=a%20fox#top')).toBe('/create?prompt=a%20fox#top');
  });

  it.each([null, undefined, ''])('falls back to /create when next is %s', (raw) => {
    expect(safeNextPath(raw)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(DEFAULT_AFTER_SIGN_IN).toBe('/create');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    'javascript:alert(1)',
    'create',
  ])('refuses %s, which would leave the app', (raw) => {
    expect(safeNextPath(raw)).toBe('/create');
  });

  it('does not send a signed-in user back to the sign-in page', () => {
    expect(safeNextPath('/signin?next=/create')).toBe('/create');
    expect(safeNextPath('/signin')).toBe('/create');
    expect(safeNextPath('/signinfo')).toBe('/signinfo');
  });

  it('uses the given fallback', () => {
    expect(safeNextPath('//x', '/')).toBe('/');
  });
});

describe('signInHref', () => {
  it('encodes the way back', () => {
    expect(signInHref('/create?prompt=a fox&count=2')).toBe(
      '/signin?next=%2Fcreate%3Fprompt%3Da%20fox%26count%3D2',
    );
  });

  it('drops a way back that is not an in-app path', () => {
    expect(signInHref('https://evil.example')).toBe('/signin');
    expect(signInHref('/signin')).toBe('/signin');
  });
});
