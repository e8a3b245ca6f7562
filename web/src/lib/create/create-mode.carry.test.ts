import { describe, expect, it } from 'vitest';
import { withPromptText } from './create-mode.ts';
import { formFromQuery } from './create-link.ts';
import { videoFormFromQuery } from '../video/video-form.ts';

describe('switching mode carries the prompts', () => {
  it('opens the video form with the words typed in the image form, and its own defaults for the rest', () => {
    const typed = { prompt: 'a lighthouse in a storm', negativePrompt: 'text' };
    const video = videoFormFromQuery(new URLSearchParams('mode=video'));
    expect(withPromptText(video, typed)).toEqual({ ...video, ...typed });
  });

  it('puts the typed words over a link’s own, and an emptied prompt stays empty', () => {
    const image = formFromQuery(new URLSearchParams('prompt=a+fox&negativePrompt=blur&count=3'));
    const typed = { prompt: '', negativePrompt: 'watermark' };
    expect(withPromptText(image, typed)).toEqual({ ...image, prompt: '', negativePrompt: 'watermark' });
  });

  it('leaves a link’s values alone until something was typed', () => {
    const image = formFromQuery(new URLSearchParams('prompt=a+fox'));
    expect(withPromptText(image, null)).toBe(image);
  });
});
