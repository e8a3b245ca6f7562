import { imageRequestDefaults } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { formFromQuery, queryWithoutRemixOf, remixOfFromQuery, remixQuery } from './create-link.ts';
import { defaultFormValues, toRequestInput } from './request-form.ts';

const query = (text: string) => new URLSearchParams(text);

describe('formFromQuery', () => {
  it('starts from core defaults when the URL says nothing', () => {
    expect(formFromQuery(query(''))).toEqual({
      prompt: '',
      negativePrompt: '',
      aspectRatio: imageRequestDefaults.aspectRatio,
      imageSize: imageRequestDefaults.imageSize,
      count: imageRequestDefaults.count,
      model: imageRequestDefaults.model,
      seed: '',
      enhancePrompt: imageRequestDefaults.enhancePrompt,
    });
  });

  it('prefills every parameter of a remix link', () => {
    const values = formFromQuery(
      query(
        'prompt=a%20red%20fox&negativePrompt=blurry&aspectRatio=16%3A9&imageSize=2K&count=4' +
          '&model=gemini-3-pro-image-preview&seed=42&enhancePrompt=false',
      ),
    );
    expect(values).toEqual({
      prompt: 'a red fox',
      negativePrompt: 'blurry',
      aspectRatio: '16:9',
      imageSize: '2K',
      count: 4,
      model: 'gemini-3-pro-image-preview',
      seed: '42',
      enhancePrompt: false,
    });
  });

  it('opens a remix of a retired Imagen post on the default model, keeping its ratio', () => {
    const values = formFromQuery(query('prompt=a%20fox&model=imagen-4.0-generate-001&aspectRatio=9%3A16'));
    expect(values.model).toBe(imageRequestDefaults.model);
    expect(values.aspectRatio).toBe('9:16');
  });

  it('drops a size the linked model does not make back to its default', () => {
    const values = formFromQuery(query('model=gemini-2.5-flash-image&imageSize=4K'));
    expect(values).toMatchObject({ model: 'gemini-2.5-flash-image', imageSize: '1K' });
  });

  it.each([
    ['aspectRatio=7%3A3', 'aspectRatio', imageRequestDefaults.aspectRatio],
    ['count=9', 'count', imageRequestDefaults.count],
    ['count=0', 'count', imageRequestDefaults.count],
    ['count=2.5', 'count', imageRequestDefaults.count],
    ['model=dall-e', 'model', imageRequestDefaults.model],
    ['imageSize=8K', 'imageSize', imageRequestDefaults.imageSize],
    ['seed=-4', 'seed', ''],
    ['seed=abc', 'seed', ''],
    ['enhancePrompt=maybe', 'enhancePrompt', imageRequestDefaults.enhancePrompt],
  ] as const)('falls back to the default for %s', (text, field, expected) => {
    expect(formFromQuery(query(text))[field]).toBe(expected);
  });

  it('reads enhancePrompt=0 and =1', () => {
    expect(formFromQuery(query('enhancePrompt=0')).enhancePrompt).toBe(false);
    expect(formFromQuery(query('enhancePrompt=1')).enhancePrompt).toBe(true);
  });
});

describe('remixQuery', () => {
  const post = {
    id: 'job_abc_0',
    prompt: 'neon koi & rain?',
    negativePrompt: 'text',
    aspectRatio: '9:16',
    model: 'gemini-2.5-flash-image',
    seed: 7,
    enhancePrompt: false,
  } as const;

  it('round-trips through formFromQuery', () => {
    const values = formFromQuery(
      query(remixQuery({ ...post, model: 'gemini-3.1-flash-image', count: 3, imageSize: '4K' })),
    );
    expect(values).toEqual({
      prompt: 'neon koi & rain?',
      negativePrompt: 'text',
      aspectRatio: '9:16',
      imageSize: '4K',
      count: 3,
      model: 'gemini-3.1-flash-image',
      seed: '7',
      enhancePrompt: false,
    });
  });

  it('leaves out what the post does not have', () => {
    const text = remixQuery({ ...post, negativePrompt: null, seed: null });
    expect(text).toBe(
      'prompt=neon+koi+%26+rain%3F&aspectRatio=9%3A16&model=gemini-2.5-flash-image&enhancePrompt=false' +
        '&remixOf=job_abc_0',
    );
  });

  it('names the post it came from, which remixOfFromQuery reads back', () => {
    expect(remixOfFromQuery(query(remixQuery(post)))).toBe('job_abc_0');
  });
});

describe('remixOfFromQuery', () => {
  it('is null for a plain create link', () => {
    expect(remixOfFromQuery(query('prompt=a%20fox'))).toBeNull();
  });

  it.each([
    ['an empty id', 'remixOf='],
    ['a path', 'remixOf=posts%2Fjob_1_0'],
    ['a space', 'remixOf=job%201'],
    ['an id over 200 characters', `remixOf=${'a'.repeat(201)}`],
  ])('ignores %s', (_name, text) => {
    expect(remixOfFromQuery(query(text))).toBeNull();
  });

  it('leaves the form values alone, so the strict request schema never sees it', () => {
    const values = formFromQuery(query('prompt=a%20fox&remixOf=job_1_0'));
    expect(values).toEqual({ ...defaultFormValues(), prompt: 'a fox' });
    expect('remixOf' in toRequestInput(values)).toBe(false);
  });
});

describe('queryWithoutRemixOf', () => {
  it('drops only the link, so a reload keeps the values but not the source', () => {
    expect(queryWithoutRemixOf('?prompt=a+fox&remixOf=job_1_0&count=2')).toBe('prompt=a+fox&count=2');
  });

  it('is empty when the link was all there was', () => {
    expect(queryWithoutRemixOf('?remixOf=job_1_0')).toBe('');
  });
});
