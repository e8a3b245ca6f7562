import { describe, expect, it } from 'vitest';
import { THUMBNAIL_WIDTH_HINT, cardSrcset, excerpt } from './card-image.ts';

describe('cardSrcset', () => {
  it('offers the thumbnail and the full image with their widths', () => {
    expect(cardSrcset({ thumbUrl: 'https://m/t.webp', imageUrl: 'https://m/i.webp', width: 1024 })).toBe(
      `https://m/t.webp ${THUMBNAIL_WIDTH_HINT}w, https://m/i.webp 1024w`,
    );
  });

  it('offers only the image when there is no separate thumbnail or it would not be smaller', () => {
    expect(cardSrcset({ thumbUrl: 'https://m/i.webp', imageUrl: 'https://m/i.webp', width: 1024 })).toBe(
      'https://m/i.webp 1024w',
    );
    expect(cardSrcset({ thumbUrl: 'https://m/t.webp', imageUrl: 'https://m/i.webp', width: 200 })).toBe(
      'https://m/i.webp 200w',
    );
  });
});

describe('excerpt', () => {
  it('keeps a short prompt whole, with its spaces tidied', () => {
    expect(excerpt('  a red   fox\nin snow ')).toBe('a red fox in snow');
  });

  it('cuts a long prompt on a word boundary', () => {
    const text = 'a lighthouse on a cliff under a sky full of auroras, long exposure, very detailed';
    expect(excerpt(text, 40)).toBe('a lighthouse on a cliff under a sky full…');
    expect(excerpt(text, 38)).toBe('a lighthouse on a cliff under a sky…');
  });

  it('cuts mid-word when there is no space near the end', () => {
    expect(excerpt('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
