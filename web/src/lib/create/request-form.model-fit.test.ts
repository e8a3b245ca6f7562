import { baseCatalogue, imageRequestDefaults } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  checkForm,
  defaultFormValues,
  fitToModel,
  formQuote,
  modelChoices,
  modelOptions,
  ratioChoices,
  sizeChoices,
  tokensPerImage,
  type CreateFormValues,
} from './request-form.ts';

const values = (change: Partial<CreateFormValues> = {}): CreateFormValues => ({
  ...defaultFormValues(),
  prompt: 'a lighthouse',
  ...change,
});

describe('modelChoices', () => {
  it('lists only the active, enabled models, never a retired Imagen one', () => {
    expect(modelChoices().map((model) => model.id)).toEqual([
      'gemini-3.1-flash-image',
      'gemini-3-pro-image-preview',
      'gemini-2.5-flash-image',
    ]);
  });
});

describe('ratioChoices and sizeChoices', () => {
  it('offer what the chosen model makes', () => {
    expect(sizeChoices('gemini-3.1-flash-image')).toEqual(['1K', '2K', '4K']);
    expect(sizeChoices('gemini-2.5-flash-image')).toEqual(['1K']);
    expect(ratioChoices('gemini-3-pro-image-preview')).toContain('21:9');
    expect(ratioChoices('imagen-4.0-generate-001')).not.toContain('21:9');
  });
});

describe('fitToModel', () => {
  it('resets a size the new model does not make to its default, without an error to show', () => {
    const switched = fitToModel(values({ imageSize: '4K', model: 'gemini-2.5-flash-image' }));
    expect(switched.imageSize).toBe('1K');
    expect(checkForm(switched).ok).toBe(true);
  });

  it('resets a ratio the model does not make to the default ratio', () => {
    const fitted = fitToModel(values({ aspectRatio: '21:9', model: 'imagen-4.0-generate-001' }));
    expect(fitted.aspectRatio).toBe(imageRequestDefaults.aspectRatio);
  });

  it('keeps choices the model makes, and the same object when nothing changes', () => {
    const asked = values({ aspectRatio: '21:9', imageSize: '2K', model: 'gemini-3-pro-image-preview' });
    expect(fitToModel(asked)).toBe(asked);
  });
});

describe('formQuote and tokensPerImage', () => {
  it('prices the form by size', () => {
    expect(formQuote(values({ count: 2, imageSize: '1K' }))).toEqual({ tokens: 4, microUsd: 134_000 });
    expect(formQuote(values({ count: 2, imageSize: '4K' }))).toEqual({ tokens: 10, microUsd: 302_000 });
  });

  it('has no price for what cannot be ordered', () => {
    expect(formQuote(values({ model: 'imagen-4.0-generate-001' }))).toBeNull();
    expect(formQuote(values({ model: 'gemini-2.5-flash-image', imageSize: '2K' }))).toBeNull();
  });

  it('shows each model at the chosen size when it makes it, else at its smallest', () => {
    const [flash, pro, older] = modelChoices();
    expect(tokensPerImage(flash!, '4K')).toBe(5);
    expect(tokensPerImage(pro!, '4K')).toBe(7);
    expect(tokensPerImage(older!, '4K')).toBe(1);
  });

  it('gives the model select each offered model with that price', () => {
    const options = modelOptions(baseCatalogue, '4K');
    expect(options.map((option) => option.id)).toEqual(modelChoices().map((model) => model.id));
    expect(options[0]).toMatchObject({ label: modelChoices()[0]!.label, price: '5 tokens' });
    expect(options[2]?.price).toBe('1 token');
  });
});

describe('checkForm', () => {
  it('sends the size and refuses one the model does not make, on imageSize', () => {
    expect(checkForm(values({ imageSize: '2K' }))).toMatchObject({ ok: true, request: { imageSize: '2K' } });
    expect(checkForm(values({ model: 'gemini-2.5-flash-image', imageSize: '2K' }))).toEqual({
      ok: false,
      errors: { imageSize: 'Gemini 2.5 Flash Image makes 1K images only.' },
    });
  });
});
