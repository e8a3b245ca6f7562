import { describe, expect, it } from 'vitest';
import { baseCatalogue, catalogueFrom, degradedModel } from './catalogue.ts';

const ask = (model: string, imageSize: '1K' | '2K' | '4K' = '1K', aspectRatio: '1:1' | '21:9' = '1:1') => ({
  model,
  imageSize,
  aspectRatio,
});

describe('degradedModel', () => {
  it('moves a pricier 1K job to the cheapest offered model that makes 1K', () => {
    expect(degradedModel(baseCatalogue, ask('gemini-3-pro-image-preview'))?.id).toBe(
      'gemini-2.5-flash-image',
    );
    expect(degradedModel(baseCatalogue, ask('gemini-3.1-flash-image'))?.id).toBe('gemini-2.5-flash-image');
  });

  it('keeps the size: a 2K job moves only to a model that makes 2K', () => {
    expect(degradedModel(baseCatalogue, ask('gemini-3-pro-image-preview', '2K'))?.id).toBe(
      'gemini-3.1-flash-image',
    );
  });

  it('keeps the asked model when it is already the cheapest for that size', () => {
    expect(degradedModel(baseCatalogue, ask('gemini-2.5-flash-image'))).toBeNull();
    expect(degradedModel(baseCatalogue, ask('gemini-3.1-flash-image', '4K'))).toBeNull();
  });

  it('never picks a retired or turned-off model, however cheap', () => {
    // Imagen 4 Fast (20,000 µ$) is retired in core: it is not a candidate.
    const off = catalogueFrom({ overrides: { 'gemini-2.5-flash-image': { enabled: false } } });
    expect(degradedModel(off, ask('gemini-3-pro-image-preview'))?.id).toBe('gemini-3.1-flash-image');
  });

  it('picks a re-enabled model only for the ratios it makes', () => {
    const imagen = catalogueFrom({ overrides: { 'imagen-4.0-fast-generate-001': { status: 'active' } } });
    expect(degradedModel(imagen, ask('gemini-3.1-flash-image'))?.id).toBe('imagen-4.0-fast-generate-001');
    expect(degradedModel(imagen, ask('gemini-3.1-flash-image', '1K', '21:9'))?.id).toBe(
      'gemini-2.5-flash-image',
    );
  });

  it('compares live prices: an admin’s price change moves the choice', () => {
    const cheaper = catalogueFrom({
      overrides: {
        'gemini-3.1-flash-image': { prices: { '1K': { tokensPerOutput: 1, microUsdPerOutput: 30_000 } } },
      },
    });
    expect(degradedModel(cheaper, ask('gemini-3-pro-image-preview'))?.id).toBe('gemini-3.1-flash-image');
    expect(degradedModel(cheaper, ask('gemini-3.1-flash-image'))).toBeNull();
  });

  it('leaves a request alone whose model or size the catalogue cannot price', () => {
    expect(degradedModel(baseCatalogue, ask('dall-e'))).toBeNull();
    expect(degradedModel(baseCatalogue, ask('gemini-2.5-flash-image', '4K'))).toBeNull();
  });

  it('does not move on a tie', () => {
    const tie = catalogueFrom({
      overrides: {
        'gemini-2.5-flash-image': { prices: { '1K': { tokensPerOutput: 2, microUsdPerOutput: 67_000 } } },
      },
    });
    expect(degradedModel(tie, ask('gemini-3.1-flash-image'))).toBeNull();
  });
});
