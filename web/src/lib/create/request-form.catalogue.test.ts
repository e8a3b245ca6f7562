import { catalogueFrom } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  checkForm,
  defaultFormValues,
  followCatalogue,
  formQuote,
  imagePriceRange,
  modelChoices,
} from './request-form.ts';
import { formFromQuery } from './create-link.ts';

// An admin turned 3.1 Flash off, made Pro the default and raised 2.5 Flash's price.
const edited = catalogueFrom({
  overrides: {
    'gemini-3.1-flash-image': { enabled: false },
    'gemini-2.5-flash-image': { prices: { '1K': { tokensPerOutput: 3, microUsdPerOutput: 39_000 } } },
  },
  defaultModelId: 'gemini-3-pro-image-preview',
});

describe('the form on the live catalogue', () => {
  it('lists only what the admin leaves on, and starts on their default', () => {
    expect(modelChoices(edited).map((model) => model.id)).toEqual([
      'gemini-3-pro-image-preview',
      'gemini-2.5-flash-image',
    ]);
    expect(defaultFormValues(edited).model).toBe('gemini-3-pro-image-preview');
  });

  it('prices with the admin’s prices', () => {
    expect(formQuote({ model: 'gemini-2.5-flash-image', count: 2, imageSize: '1K' }, edited)?.tokens).toBe(6);
  });

  it('quotes one image from the cheapest offered model and size to the dearest', () => {
    expect(imagePriceRange()).toBe('1 to 7');
    expect(imagePriceRange(edited)).toBe('3 to 7');
    const onePrice = catalogueFrom({
      overrides: {
        'gemini-3.1-flash-image': { enabled: false },
        'gemini-3-pro-image-preview': { enabled: false },
      },
      defaultModelId: 'gemini-2.5-flash-image',
    });
    expect(imagePriceRange(onePrice)).toBe('1');
  });

  it('refuses a turned-off model on the model field, in core’s words', () => {
    const values = { ...defaultFormValues(), prompt: 'a lighthouse', model: 'gemini-3.1-flash-image' };
    expect(checkForm(values)).toMatchObject({ ok: true });
    expect(checkForm(values, edited)).toEqual({
      ok: false,
      errors: { model: 'Gemini 3.1 Flash Image is turned off right now. Pick another model.' },
    });
    expect(formQuote(values, edited)).toBeNull();
  });

  it('ignores a remix link’s turned-off model', () => {
    expect(formFromQuery(new URLSearchParams('model=gemini-3.1-flash-image'), edited).model).toBe(
      'gemini-3-pro-image-preview',
    );
  });
});

describe('followCatalogue', () => {
  const start = { ...defaultFormValues(), prompt: 'a lighthouse' };

  it('moves an untouched form to the admin’s default, and leaves a chosen model alone', () => {
    expect(followCatalogue(start, edited, false).model).toBe('gemini-3-pro-image-preview');
    const chosen = { ...start, model: 'gemini-2.5-flash-image' };
    expect(followCatalogue(chosen, edited, true)).toBe(chosen);
  });

  it('moves a chosen model the admin turned off to the default, fitting the size to it', () => {
    const chosen = { ...start, model: 'gemini-3.1-flash-image', imageSize: '4K' as const };
    const onlyFlash = catalogueFrom({
      overrides: { 'gemini-3.1-flash-image': { enabled: false } },
      defaultModelId: 'gemini-2.5-flash-image',
    });
    expect(followCatalogue(chosen, onlyFlash, true)).toMatchObject({
      model: 'gemini-2.5-flash-image',
      imageSize: '1K',
    });
  });
});
