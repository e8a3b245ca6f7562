import {
  catalogueFrom,
  catalogueModel,
  parseRequest,
  updateModelRequestSchema,
  videoCatalogueFrom,
} from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import {
  lineDraft,
  priceLines,
  priceUnit,
  pricesUpdate,
  switchUpdate,
  type RowModel,
} from './model-row-prices.ts';

const videos = videoCatalogueFrom({
  videoOverrides: {
    'veo-3.1-fast-generate-001': {
      prices: { withAudio: { tokensPerSecond: 6, microUsdPerSecond: 180_000 } },
    },
  },
});
const video: RowModel = { kind: 'video', model: videos.models[0]! };
const image: RowModel = {
  kind: 'image',
  model: catalogueModel(catalogueFrom(undefined), 'gemini-2.5-flash-image')!,
};

describe('a video model’s price lines', () => {
  it('are per second, with and without audio, as the live catalogue has them', () => {
    expect(priceUnit(video)).toBe('second');
    expect(priceLines(video)).toEqual([
      { key: 'withAudio', label: 'With audio', stored: { tokens: 6, microUsd: 180_000 } },
      { key: 'withoutAudio', label: 'Without audio', stored: { tokens: 3, microUsd: 100_000 } },
    ]);
  });

  it('take dollars as whole micro-dollars and save in the video request’s shape', () => {
    const draft = lineDraft(video, 'withoutAudio', '4', '$0.12');
    expect(draft).toEqual({ ok: true, price: { tokens: 4, microUsd: 120_000 } });
    const request = pricesUpdate(video, { withoutAudio: { tokens: 4, microUsd: 120_000 } });
    expect(request).toEqual({
      id: 'veo-3.1-fast-generate-001',
      prices: { withoutAudio: { tokensPerSecond: 4, microUsdPerSecond: 120_000 } },
    });
    expect(parseRequest(updateModelRequestSchema, request)).toEqual(request);
  });

  it('say which input is wrong, in the image lines’ words, per second', () => {
    expect(lineDraft(video, 'withAudio', '', '0.1')).toEqual({
      ok: false,
      field: 'tokens',
      message: 'Type the tokens per second.',
    });
    expect(lineDraft(video, 'withAudio', '0', '0.1')).toEqual({
      ok: false,
      field: 'tokens',
      message: 'Tokens must be at least 1.',
    });
    expect(lineDraft(video, 'withAudio', '2', '-1')).toEqual({
      ok: false,
      field: 'usd',
      message: 'Type a price from $0 to $100 per second.',
    });
    expect(lineDraft(video, 'withAudio', '2', 'cheap')).toMatchObject({ ok: false, field: 'usd' });
    expect(lineDraft(image, '1K', '0', '0.1')).toEqual({
      ok: false,
      field: 'tokens',
      message: 'Tokens must be at least 1.',
    });
  });
});

describe('an image model’s price lines', () => {
  it('are per image at each size it makes, and save per size', () => {
    expect(priceUnit(image)).toBe('image');
    expect(priceLines(image)).toEqual([{ key: '1K', label: '1K', stored: { tokens: 1, microUsd: 39_000 } }]);
    expect(pricesUpdate(image, { '1K': { tokens: 2, microUsd: 40_000 } })).toEqual({
      id: 'gemini-2.5-flash-image',
      prices: { '1K': { tokensPerOutput: 2, microUsdPerOutput: 40_000 } },
    });
  });
});

describe('switchUpdate', () => {
  it('names the row’s model, whichever its kind', () => {
    expect(switchUpdate(video, { enabled: false })).toEqual({
      id: 'veo-3.1-fast-generate-001',
      enabled: false,
    });
    expect(switchUpdate(image, { status: 'retired' })).toEqual({
      id: 'gemini-2.5-flash-image',
      status: 'retired',
    });
  });
});
