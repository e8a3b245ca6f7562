import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { digestOf } from './determinism.ts';
import { dimensionsFor, imageDimensions, renderImage } from './render-image.ts';

describe('dimensionsFor', () => {
  it('puts the long side on the right axis with even sizes', () => {
    expect(dimensionsFor('1:1', 1024)).toEqual({ width: 1024, height: 1024 });
    expect(dimensionsFor('16:9', 1024)).toEqual({ width: 1024, height: 576 });
    expect(dimensionsFor('9:16', 1024)).toEqual({ width: 576, height: 1024 });
    expect(dimensionsFor('3:4', 1024)).toEqual({ width: 768, height: 1024 });
    expect(dimensionsFor('16:9', 320)).toEqual({ width: 320, height: 180 });
    expect(dimensionsFor('21:9', 1024).height % 2).toBe(0);
  });
});

describe('imageDimensions', () => {
  it('scales the long side with the size: 1K is 1024 px, 2K 2048, 4K 4096', () => {
    expect(imageDimensions('1:1', '1K', 1024)).toEqual({ width: 1024, height: 1024 });
    expect(imageDimensions('1:1', '2K', 1024)).toEqual({ width: 2048, height: 2048 });
    expect(imageDimensions('1:1', '4K', 1024)).toEqual({ width: 4096, height: 4096 });
    expect(imageDimensions('16:9', '2K', 1024)).toEqual({ width: 2048, height: 1152 });
    expect(imageDimensions('2:3', '1K', 1024)).toEqual({ width: 682, height: 1024 });
  });
});

describe('renderImage', () => {
  const spec = { width: 64, height: 48, prompt: 'a <fox> & "hen"', caption: 'seed 1' };

  it('is byte-identical for the same digest and differs for another', async () => {
    const a = await renderImage({ ...spec, digest: digestOf(['x', 1]) }, 'image/png');
    const b = await renderImage({ ...spec, digest: digestOf(['x', 1]) }, 'image/png');
    const c = await renderImage({ ...spec, digest: digestOf(['x', 2]) }, 'image/png');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('writes RGB JPEG or PNG at the requested size', async () => {
    const jpeg = await renderImage({ ...spec, digest: digestOf(['y']) }, 'image/jpeg', 60);
    expect(await sharp(jpeg).metadata()).toMatchObject({
      format: 'jpeg',
      width: 64,
      height: 48,
      channels: 3,
    });
    const png = await renderImage({ ...spec, digest: digestOf(['y']) }, 'image/png');
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 64, height: 48, channels: 3 });
  });
});
