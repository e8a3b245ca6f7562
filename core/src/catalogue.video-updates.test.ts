import { describe, expect, it } from 'vitest';
import {
  applyCatalogueUpdate,
  catalogueFrom,
  catalogueModel,
  updateModelRequestSchema,
  type StoredModelsConfig,
} from './catalogue.ts';
import { parseRequest } from './errors.ts';
import { quoteVideoJob, videoCatalogueFrom } from './video-catalogue.ts';

const fast = 'veo-3.1-fast-generate-001';
const eightSecondsWithAudio = { model: fast, durationSeconds: 8, generateAudio: true } as const;

describe('updateModelRequestSchema for a video model', () => {
  it('takes per-second prices with and without audio, and the switches', () => {
    const update = {
      id: fast,
      enabled: false,
      status: 'retired',
      prices: {
        withAudio: { tokensPerSecond: 6, microUsdPerSecond: 180_000 },
        withoutAudio: { tokensPerSecond: 4, microUsdPerSecond: 120_000 },
      },
    };
    expect(parseRequest(updateModelRequestSchema, update)).toEqual(update);
  });

  it.each([
    ['isDefault, which only an image model takes', { id: fast, isDefault: true }, 'isDefault'],
    [
      'an image size as a price',
      { id: fast, prices: { '1K': { tokensPerOutput: 1, microUsdPerOutput: 1 } } },
      'prices',
    ],
    [
      'a free second',
      { id: fast, prices: { withAudio: { tokensPerSecond: 0, microUsdPerSecond: 1 } } },
      'prices.withAudio.tokensPerSecond',
    ],
    [
      'fractional micro-dollars',
      { id: fast, prices: { withoutAudio: { tokensPerSecond: 3, microUsdPerSecond: 0.5 } } },
      'prices.withoutAudio.microUsdPerSecond',
    ],
    [
      'a per-second price on an image model',
      {
        id: 'gemini-3.1-flash-image',
        prices: { withAudio: { tokensPerSecond: 1, microUsdPerSecond: 1 } },
      },
      'prices',
    ],
    ['a model in neither catalogue', { id: 'veo-1', enabled: true }, 'id'],
  ])('refuses %s, naming the field', (_label, input, field) => {
    expect(() => parseRequest(updateModelRequestSchema, input)).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field }),
    );
  });
});

describe('applyCatalogueUpdate', () => {
  const stored: StoredModelsConfig = {
    overrides: { 'gemini-3-pro-image-preview': { enabled: false } },
    defaultModelId: 'gemini-2.5-flash-image',
    videoOverrides: { 'veo-3.1-generate-001': { enabled: false } },
  };

  it('prices a video job by the edited per-second price, keeping every image edit', () => {
    const next = applyCatalogueUpdate(stored, {
      id: fast,
      prices: { withAudio: { tokensPerSecond: 7, microUsdPerSecond: 210_000 } },
    });
    expect(quoteVideoJob(eightSecondsWithAudio, videoCatalogueFrom(next))).toEqual({
      tokens: 56,
      microUsd: 1_680_000,
    });
    expect(
      quoteVideoJob({ ...eightSecondsWithAudio, generateAudio: false }, videoCatalogueFrom(next)),
    ).toEqual({ tokens: 24, microUsd: 800_000 });
    expect(next.overrides).toEqual(stored.overrides);
    expect(next.defaultModelId).toBe('gemini-2.5-flash-image');
    expect(next.videoOverrides?.['veo-3.1-generate-001']).toEqual({ enabled: false });
  });

  it('keeps the video edits when an image model changes', () => {
    const next = applyCatalogueUpdate(stored, { id: 'gemini-3-pro-image-preview', enabled: true });
    expect(next.videoOverrides).toEqual(stored.videoOverrides);
    expect(catalogueModel(catalogueFrom(next), 'gemini-3-pro-image-preview')?.enabled).toBe(true);
  });

  it('refuses turning off the last offered video model on its field, changing nothing', () => {
    const before = structuredClone(stored);
    expect(() => applyCatalogueUpdate(stored, { id: fast, enabled: false })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field: 'enabled' }),
    );
    expect(stored).toEqual(before);
  });

  it('starts the video edits on a document that has none', () => {
    expect(applyCatalogueUpdate(undefined, { id: fast, status: 'retired' })).toEqual({
      videoOverrides: { [fast]: { status: 'retired' } },
    });
  });
});
