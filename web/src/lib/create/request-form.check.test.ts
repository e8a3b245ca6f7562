import { imageRequestDefaults, imageRequestLimits } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  checkForm,
  countChoices,
  defaultFormValues,
  toRequestInput,
  type CreateFormValues,
} from './request-form.ts';

describe('countChoices', () => {
  it('offers 1 to the core maximum', () => {
    expect(countChoices()).toEqual([1, 2, 3, 4]);
    expect(countChoices()).toHaveLength(imageRequestLimits.maxCount);
  });
});

describe('checkForm', () => {
  const valid = (): CreateFormValues => ({ ...defaultFormValues(), prompt: '  a lighthouse  ' });

  it('turns valid values into the request, trimmed and without empty optionals', () => {
    expect(checkForm(valid())).toEqual({
      ok: true,
      request: {
        prompt: 'a lighthouse',
        aspectRatio: imageRequestDefaults.aspectRatio,
        imageSize: imageRequestDefaults.imageSize,
        count: imageRequestDefaults.count,
        model: imageRequestDefaults.model,
        enhancePrompt: imageRequestDefaults.enhancePrompt,
      },
    });
  });

  it('sends the seed as a number and a blank negative prompt not at all', () => {
    const input = toRequestInput({ ...valid(), seed: ' 42 ', negativePrompt: '   ' });
    expect(input.seed).toBe(42);
    expect('negativePrompt' in input).toBe(false);
  });

  it('gives each bad field its core message', () => {
    const result = checkForm({
      ...valid(),
      prompt: '   ',
      negativePrompt: 'x'.repeat(imageRequestLimits.negativePromptMaxChars + 1),
      seed: '12abc',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        prompt: 'Describe the image you want.',
        negativePrompt: `Keep the negative prompt under ${imageRequestLimits.negativePromptMaxChars} characters.`,
        seed: 'The seed must be a number.',
      },
    });
  });

  it.each([
    ['-1', 'The seed cannot be negative.'],
    ['1.5', 'The seed must be a whole number.'],
    [String(imageRequestLimits.maxSeed + 1), `The seed must be at most ${imageRequestLimits.maxSeed}.`],
  ])('explains the seed %s', (seed, message) => {
    expect(checkForm({ ...valid(), seed })).toEqual({ ok: false, errors: { seed: message } });
  });

  it('refuses a prompt over the limit and a model not in the list', () => {
    const result = checkForm({
      ...valid(),
      prompt: 'x'.repeat(imageRequestLimits.promptMaxChars + 1),
      model: 'dall-e',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.prompt).toMatch(/under 2000 characters/);
    expect(result.errors.model).toBe('Pick one of the listed models.');
  });
});
