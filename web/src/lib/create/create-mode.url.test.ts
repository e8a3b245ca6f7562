import { describe, expect, it } from 'vitest';
import { createModeFromQuery, createModeQuery } from './create-mode.ts';

describe('create mode in the URL', () => {
  it('opens video only when the link asks for it', () => {
    expect(createModeFromQuery(new URLSearchParams('mode=video&from=job_1_0'))).toBe('video');
    expect(createModeFromQuery(new URLSearchParams('prompt=a+fox'))).toBe('image');
    expect(createModeFromQuery(new URLSearchParams('mode=audio'))).toBe('image');
  });

  it('switches to a bare link of the other mode, which reads back the same', () => {
    expect(createModeQuery('image')).toBe('');
    expect(createModeFromQuery(new URLSearchParams(createModeQuery('video')))).toBe('video');
    expect(createModeFromQuery(new URLSearchParams(createModeQuery('image')))).toBe('image');
  });
});
