import { describe, expect, it } from 'vitest';
import {
  applyModelUpdate,
  baseCatalogue,
  catalogueFrom,
  catalogueModel,
  modelOfferProblem,
  updateModelRequestSchema,
  withCatalogueDefault,
} from './catalogue.ts';
import { parseRequest } from './errors.ts';
import { imageModelById, imageModels } from './models.ts';
import { quoteImageJob } from './pricing.ts';

describe('catalogueFrom', () => {
  it('lays an admin’s switches and prices over core’s models and leaves the base catalogue untouched', () => {
    const live = catalogueFrom({
      overrides: {
        'gemini-3-pro-image-preview': { enabled: false },
        'imagen-4.0-fast-generate-001': { status: 'active' },
        'gemini-3.1-flash-image': { prices: { '2K': { tokensPerOutput: 4, microUsdPerOutput: 120_000 } } },
      },
      defaultModelId: 'gemini-2.5-flash-image',
    });
    expect(catalogueModel(live, 'gemini-3-pro-image-preview')?.enabled).toBe(false);
    expect(catalogueModel(live, 'imagen-4.0-fast-generate-001')?.status).toBe('active');
    expect(catalogueModel(live, 'gemini-3.1-flash-image')?.prices).toEqual({
      '1K': { tokensPerOutput: 2, microUsdPerOutput: 67_000 },
      '2K': { tokensPerOutput: 4, microUsdPerOutput: 120_000 },
      '4K': { tokensPerOutput: 5, microUsdPerOutput: 151_000 },
    });
    expect(live.defaultModelId).toBe('gemini-2.5-flash-image');

    expect(catalogueModel(baseCatalogue, 'gemini-3-pro-image-preview')?.enabled).toBe(true);
    expect(catalogueModel(baseCatalogue, 'imagen-4.0-fast-generate-001')?.status).toBe('retired');
    expect(catalogueModel(baseCatalogue, 'gemini-3.1-flash-image')?.prices['2K']?.microUsdPerOutput).toBe(
      101_000,
    );
    expect(imageModelById('gemini-3.1-flash-image')?.prices['2K']?.microUsdPerOutput).toBe(101_000);
    expect(baseCatalogue.defaultModelId).toBe('gemini-3.1-flash-image');
  });

  it('keeps every model, in core’s order, with an empty or missing config', () => {
    expect(catalogueFrom({}).models.map((model) => model.id)).toEqual(imageModels.map((model) => model.id));
    expect(catalogueFrom({ overrides: {}, defaultModelId: null })).toEqual(baseCatalogue);
  });
});

describe('applyModelUpdate', () => {
  it('merges an edit into the stored overrides, keeping earlier edits', () => {
    const first = applyModelUpdate(undefined, {
      id: 'gemini-3.1-flash-image',
      prices: { '1K': { tokensPerOutput: 3, microUsdPerOutput: 70_000 } },
    });
    const second = applyModelUpdate(first, {
      id: 'gemini-3.1-flash-image',
      prices: { '4K': { tokensPerOutput: 6, microUsdPerOutput: 160_000 } },
    });
    const third = applyModelUpdate(second, { id: 'gemini-3-pro-image-preview', enabled: false });
    expect(third).toEqual({
      overrides: {
        'gemini-3.1-flash-image': {
          prices: {
            '1K': { tokensPerOutput: 3, microUsdPerOutput: 70_000 },
            '4K': { tokensPerOutput: 6, microUsdPerOutput: 160_000 },
          },
        },
        'gemini-3-pro-image-preview': { enabled: false },
      },
      defaultModelId: null,
    });
  });

  it('refuses a price for a size the model does not make, on prices', () => {
    expect(() =>
      applyModelUpdate(undefined, {
        id: 'gemini-2.5-flash-image',
        prices: { '2K': { tokensPerOutput: 2, microUsdPerOutput: 50_000 } },
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        field: 'prices',
        message: 'prices: Gemini 2.5 Flash Image does not make 2K images.',
      }),
    );
  });

  it('refuses turning off the default model, and a retired model as the default', () => {
    expect(() => applyModelUpdate(undefined, { id: 'gemini-3.1-flash-image', enabled: false })).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        field: 'enabled',
        message:
          'Gemini 3.1 Flash Image is the default model, so it must stay enabled and active. Make another model the default first.',
      }),
    );
    expect(() => applyModelUpdate(undefined, { id: 'imagen-4.0-generate-001', isDefault: true })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field: 'isDefault' }),
    );
  });

  it('refuses retiring the default model', () => {
    expect(() => applyModelUpdate(undefined, { id: 'gemini-3.1-flash-image', status: 'retired' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });

  it('makes another model the default, after which the old default may be turned off', () => {
    const moved = applyModelUpdate(undefined, { id: 'gemini-2.5-flash-image', isDefault: true });
    expect(moved.defaultModelId).toBe('gemini-2.5-flash-image');
    const off = applyModelUpdate(moved, { id: 'gemini-3.1-flash-image', enabled: false });
    expect(catalogueFrom(off).defaultModelId).toBe('gemini-2.5-flash-image');
    expect(catalogueModel(catalogueFrom(off), 'gemini-3.1-flash-image')?.enabled).toBe(false);
  });

  it('re-enables a retired model only when asked for active status too', () => {
    const config = applyModelUpdate(undefined, { id: 'imagen-4.0-fast-generate-001', status: 'active' });
    expect(modelOfferProblem(catalogueFrom(config), 'imagen-4.0-fast-generate-001')).toBeNull();
  });
});

describe('updateModelRequestSchema', () => {
  it.each([
    ['an unknown model', { id: 'dall-e' }, 'id'],
    ['isDefault false', { id: 'gemini-3.1-flash-image', isDefault: false }, 'isDefault'],
    [
      'a size that does not exist',
      { id: 'gemini-3.1-flash-image', prices: { '8K': { tokensPerOutput: 1, microUsdPerOutput: 1 } } },
      'prices',
    ],
    [
      'fractional micro-dollars',
      { id: 'gemini-3.1-flash-image', prices: { '1K': { tokensPerOutput: 1, microUsdPerOutput: 0.5 } } },
      'prices.1K.microUsdPerOutput',
    ],
    [
      'a free output',
      { id: 'gemini-3.1-flash-image', prices: { '1K': { tokensPerOutput: 0, microUsdPerOutput: 1 } } },
      'prices.1K.tokensPerOutput',
    ],
    ['a status that does not exist', { id: 'gemini-3.1-flash-image', status: 'paused' }, 'status'],
    [
      'a size named __proto__ (an own key, as JSON.parse makes it)',
      JSON.parse('{"id":"gemini-3.1-flash-image","prices":{"__proto__":{"tokensPerOutput":1}}}') as unknown,
      'prices',
    ],
    ['a size named constructor', { id: 'gemini-3.1-flash-image', prices: { constructor: {} } }, 'prices'],
    ['prices that are not by size', { id: 'gemini-3.1-flash-image', prices: [] }, 'prices'],
  ])('refuses %s, naming the field', (_label, input, field) => {
    expect(() => parseRequest(updateModelRequestSchema, input)).toThrow(expect.objectContaining({ field }));
  });
});

describe('modelOfferProblem', () => {
  it('says why a model takes no new work', () => {
    const live = catalogueFrom({ overrides: { 'gemini-3-pro-image-preview': { enabled: false } } });
    expect(modelOfferProblem(live, 'dall-e')).toBe('Pick one of the listed models.');
    expect(modelOfferProblem(live, 'imagen-4.0-generate-001')).toBe(
      'Imagen 4 has been retired by Google and takes no new work. Pick one of the listed models.',
    );
    expect(modelOfferProblem(live, 'gemini-3-pro-image-preview')).toBe(
      'Gemini 3 Pro Image (preview) is turned off right now. Pick another model.',
    );
    expect(modelOfferProblem(live, 'gemini-3.1-flash-image')).toBeNull();
  });
});

describe('quoteImageJob with the live catalogue', () => {
  it('refuses a turned-off model on the model field and prices by the admin’s prices', () => {
    const live = catalogueFrom({
      overrides: {
        'gemini-3-pro-image-preview': { enabled: false },
        'gemini-3.1-flash-image': { prices: { '1K': { tokensPerOutput: 3, microUsdPerOutput: 70_000 } } },
      },
    });
    expect(() =>
      quoteImageJob({ model: 'gemini-3-pro-image-preview', count: 1, imageSize: '1K' }, live),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument', field: 'model' }));
    expect(quoteImageJob({ model: 'gemini-3.1-flash-image', count: 2, imageSize: '1K' }, live)).toEqual({
      tokens: 6,
      microUsd: 140_000,
    });
  });
});

describe('withCatalogueDefault', () => {
  const request = {
    prompt: 'a fox',
    model: 'gemini-3.1-flash-image',
    aspectRatio: '1:1',
    imageSize: '1K',
  } as const;
  const admins = catalogueFrom({ defaultModelId: 'gemini-2.5-flash-image' });

  it('gives a request without a model the catalogue’s default', () => {
    expect(withCatalogueDefault(request, false, admins)).toEqual({
      ...request,
      model: 'gemini-2.5-flash-image',
    });
  });

  it('keeps a model the user chose', () => {
    expect(withCatalogueDefault(request, true, admins)).toBe(request);
  });

  it('keeps the schema’s default when the catalogue’s cannot make the asked size', () => {
    const fourK = { ...request, imageSize: '4K' } as const;
    expect(withCatalogueDefault(fourK, false, admins)).toBe(fourK);
  });
});
