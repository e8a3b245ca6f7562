import { get } from 'svelte/store';
import { afterEach, describe, expect, it } from 'vitest';
import { previewingPost, startPreview, stopPreview, tapPreviews } from './video-preview.ts';

afterEach(() => {
  stopPreview(get(previewingPost) ?? '');
});

describe('one card previews at a time', () => {
  it('hands the preview to the card that starts last', () => {
    startPreview('a');
    startPreview('b');
    expect(get(previewingPost)).toBe('b');
  });

  it('lets a card stop only its own preview', () => {
    startPreview('a');
    startPreview('b');
    stopPreview('a');
    expect(get(previewingPost)).toBe('b');
    stopPreview('b');
    expect(get(previewingPost)).toBeNull();
  });
});

describe('tapPreviews', () => {
  it('previews on the first tap of a touch screen and opens on the second', () => {
    expect(tapPreviews('touch', false)).toBe(true);
    expect(tapPreviews('touch', true)).toBe(false);
  });

  it('opens at once for a mouse, a pen or a keyboard', () => {
    expect(tapPreviews('mouse', false)).toBe(false);
    expect(tapPreviews('pen', false)).toBe(false);
    expect(tapPreviews(null, false)).toBe(false);
  });
});
