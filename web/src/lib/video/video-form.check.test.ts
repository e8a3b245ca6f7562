import { videoCatalogueFrom, videoRequestDefaults } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  checkVideoForm,
  defaultVideoFormValues,
  followVideoCatalogue,
  secondPriceLine,
  toVideoRequestInput,
  videoFormQuote,
  videoModelOptions,
} from './video-form.ts';

const values = { ...defaultVideoFormValues(), prompt: 'a fox in the snow' };
// An admin turned the fast model off and raised the other's price with audio.
const edited = videoCatalogueFrom({
  videoOverrides: {
    'veo-3.1-fast-generate-001': { enabled: false },
    'veo-3.1-generate-001': { prices: { withAudio: { tokensPerSecond: 15, microUsdPerSecond: 400_000 } } },
  },
});

describe('videoFormQuote', () => {
  it('is the price per second, with or without audio, times the length', () => {
    expect(videoFormQuote({ ...values, durationSeconds: 8, generateAudio: true })?.tokens).toBe(40);
    expect(videoFormQuote({ ...values, durationSeconds: 4, generateAudio: false })?.tokens).toBe(12);
  });

  it('follows the live catalogue, and prices nothing it does not offer', () => {
    expect(
      videoFormQuote({ ...values, model: 'veo-3.1-generate-001', durationSeconds: 6 }, edited)?.tokens,
    ).toBe(90);
    expect(videoFormQuote(values, edited)).toBeNull();
  });
});

describe('videoModelOptions and secondPriceLine', () => {
  it('list what is offered with its price per second', () => {
    expect(videoModelOptions(edited, true)).toEqual([
      { id: 'veo-3.1-generate-001', label: 'Veo 3.1', price: '15 tokens/s' },
    ]);
    expect(videoModelOptions(edited, false)[0]?.price).toBe('6 tokens/s');
  });

  it('says the price per second in words', () => {
    const [fast] = videoCatalogueFrom(undefined).models;
    expect(secondPriceLine(fast!, true)).toBe('5 tokens a second with audio');
    expect(secondPriceLine(fast!, false)).toBe('3 tokens a second without audio');
  });
});

describe('followVideoCatalogue', () => {
  it('moves off a model an admin turned off, and leaves an offered one alone', () => {
    expect(followVideoCatalogue(values, edited).model).toBe('veo-3.1-generate-001');
    const kept = { ...values, model: 'veo-3.1-generate-001' };
    expect(followVideoCatalogue(kept, edited)).toBe(kept);
  });
});

describe('checkVideoForm', () => {
  it('passes a complete form, sending the first frame and leaving out an empty negative prompt', () => {
    const check = checkVideoForm(values, 'job_1_0');
    expect(check).toEqual({
      ok: true,
      request: { ...videoRequestDefaults, prompt: 'a fox in the snow', sourcePostId: 'job_1_0' },
    });
    expect(toVideoRequestInput(values, null)).not.toHaveProperty('negativePrompt');
    expect(toVideoRequestInput(values, null)).not.toHaveProperty('sourcePostId');
  });

  it('names the field at fault in core’s words', () => {
    expect(checkVideoForm({ ...values, prompt: '   ' }, null)).toEqual({
      ok: false,
      errors: { prompt: 'Describe the video you want.' },
    });
  });

  it('refuses a model the live catalogue no longer offers, on the model field', () => {
    const check = checkVideoForm(values, null, edited);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.model).toMatch(/^Veo 3\.1 Fast takes no new work right now/);
  });
});
