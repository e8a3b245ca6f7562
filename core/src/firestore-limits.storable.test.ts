import { describe, expect, it } from 'vitest';
import { isReservedDocumentId, isStorableText } from './firestore-limits.ts';

describe('isReservedDocumentId', () => {
  it.each(['__proto__', '__name__', '__x__', '____', '__a\nb__'])('reserves %j, as Firestore does', (id) => {
    expect(isReservedDocumentId(id)).toBe(true);
  });

  it.each(['__x', 'x__', '_x_', '__', 'proto', 'constructor', 'a__b__'])('leaves %j usable', (id) => {
    expect(isReservedDocumentId(id)).toBe(false);
  });
});

describe('isStorableText', () => {
  it('stores any well-formed text: emoji, RTL, combining marks, NUL', () => {
    expect(isStorableText('a 😀 ع e\u0301 \u202E \u0000 \u{10FFFF}')).toBe(true);
  });

  it.each([
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', '\uDFFF'],
    ['an emoji cut in half', '😀'.slice(0, 1)],
    ['a pair in the wrong order', '\uDE00\uD83D'],
  ])('refuses %s, which UTF-8 cannot encode', (_label, text) => {
    expect(isStorableText(text)).toBe(false);
  });
});
