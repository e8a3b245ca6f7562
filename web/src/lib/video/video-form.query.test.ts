import { videoCatalogueFrom, videoRequestDefaults, videoRequestSchema } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  animateQuery,
  checkVideoForm,
  defaultVideoFormValues,
  firstFrameFromQuery,
  videoFormFromQuery,
  videoRetryQuery,
} from './video-form.ts';

const query = (text: string) => new URLSearchParams(text);

describe('videoRetryQuery and videoFormFromQuery', () => {
  it('bring a draft’s request back to the form as it was asked, first frame included', () => {
    const request = videoRequestSchema.parse({
      prompt: 'waves break over a glass lighthouse & a gull',
      negativePrompt: 'text',
      sourcePostId: 'job_1_0',
      durationSeconds: 4,
      aspectRatio: '9:16',
      resolution: '1080p',
      generateAudio: false,
      model: 'veo-3.1-generate-001',
    });
    const params = query(videoRetryQuery(request));
    expect(params.get('mode')).toBe('video');
    expect(firstFrameFromQuery(params)).toBe('job_1_0');
    const values = videoFormFromQuery(params);
    const check = checkVideoForm(values, firstFrameFromQuery(params));
    expect(check).toEqual({ ok: true, request });
  });

  it('leaves out what the request leaves out', () => {
    const request = videoRequestSchema.parse({ prompt: 'a fox' });
    const params = query(videoRetryQuery(request));
    expect(params.has('negativePrompt')).toBe(false);
    expect(params.has('from')).toBe(false);
  });

  it('opens on the defaults for values the form cannot show', () => {
    const values = videoFormFromQuery(
      query('prompt=a+fox&durationSeconds=5&aspectRatio=1:1&resolution=4K&generateAudio=maybe&model=veo-9'),
    );
    expect(values).toEqual({ ...defaultVideoFormValues(), prompt: 'a fox' });
    expect(values.durationSeconds).toBe(videoRequestDefaults.durationSeconds);
  });

  it('does not open on a model an admin turned off', () => {
    const catalogue = videoCatalogueFrom({ videoOverrides: { 'veo-3.1-generate-001': { enabled: false } } });
    expect(videoFormFromQuery(query('model=veo-3.1-generate-001'), catalogue).model).toBe(
      videoRequestDefaults.model,
    );
  });
});

describe('animateQuery and firstFrameFromQuery', () => {
  it('point the video form at a post’s image', () => {
    const params = query(animateQuery('job_7_2'));
    expect(params.get('mode')).toBe('video');
    expect(firstFrameFromQuery(params)).toBe('job_7_2');
  });

  it('ignore a `from` that is no post id', () => {
    expect(firstFrameFromQuery(query('from=posts/evil'))).toBeNull();
    expect(firstFrameFromQuery(query(''))).toBeNull();
  });
});
