import { describe, expect, it } from 'vitest';
import {
  aspectRatios,
  defaultImageModelId,
  imageModelById,
  imageModelLabel,
  imageModels,
  imageSizes,
  offeredImageModels,
  outputPrice,
  type ImageModel,
} from './models.ts';

const catalogue: readonly ImageModel[] = imageModels;

describe('image model catalogue', () => {
  it('offers the current Gemini image models, the GA one first and by default', () => {
    expect(offeredImageModels().map((model) => model.id)).toEqual([
      'gemini-3.1-flash-image',
      'gemini-3-pro-image-preview',
      'gemini-2.5-flash-image',
    ]);
    expect(defaultImageModelId).toBe('gemini-3.1-flash-image');
  });

  it('keeps every Imagen model as retired: never offered, still labelled', () => {
    const imagen = catalogue.filter((model) => model.kind === 'imagen');
    expect(imagen.map((model) => model.id)).toEqual([
      'imagen-4.0-fast-generate-001',
      'imagen-4.0-generate-001',
      'imagen-4.0-ultra-generate-001',
    ]);
    for (const model of imagen) {
      expect(model.status).toBe('retired');
      expect(offeredImageModels()).not.toContain(model);
    }
    expect(imageModelLabel('imagen-4.0-ultra-generate-001')).toBe('Imagen 4 Ultra');
    expect(imageModelLabel('dall-e')).toBe('dall-e');
  });

  it('calls the Gemini 3 models at global, where alone Vertex serves them', () => {
    expect(imageModelById('gemini-3.1-flash-image')?.location).toBe('global');
    expect(imageModelById('gemini-3-pro-image-preview')?.location).toBe('global');
  });

  it('prices every size a model makes, and no other, in whole tokens and micro-USD', () => {
    for (const model of catalogue) {
      expect(Object.keys(model.prices).sort()).toEqual([...model.imageSizes].sort());
      for (const size of model.imageSizes) {
        const price = outputPrice(model, size)!;
        expect(Number.isInteger(price.tokensPerOutput) && price.tokensPerOutput > 0).toBe(true);
        expect(Number.isInteger(price.microUsdPerOutput) && price.microUsdPerOutput > 0).toBe(true);
      }
      for (const ratio of model.aspectRatios) expect(aspectRatios).toContain(ratio);
      for (const size of model.imageSizes) expect(imageSizes).toContain(size);
      expect(model.aspectRatios.length).toBeGreaterThan(0);
      expect(model.imageSizes.length).toBeGreaterThan(0);
    }
  });

  it('has no price for a size the model does not make', () => {
    expect(outputPrice(imageModelById('gemini-2.5-flash-image')!, '2K')).toBeUndefined();
  });

  it('never charges fewer tokens for more pixels or a dearer vendor price', () => {
    for (const model of catalogue) {
      const prices = model.imageSizes.map((size) => outputPrice(model, size)!);
      for (let i = 1; i < prices.length; i++) {
        expect(prices[i]!.tokensPerOutput).toBeGreaterThanOrEqual(prices[i - 1]!.tokensPerOutput);
      }
    }
    const all = catalogue.flatMap((model) => model.imageSizes.map((size) => outputPrice(model, size)!));
    for (const a of all)
      for (const b of all)
        if (a.microUsdPerOutput > b.microUsdPerOutput)
          expect(a.tokensPerOutput).toBeGreaterThanOrEqual(b.tokensPerOutput);
  });
});
