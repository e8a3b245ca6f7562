import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderImage, renderSettings } from './render.ts';

/** A 1024×576 PNG: left half a known red, right half dark blue, so the dominant colour is predictable. */
async function samplePng(width = 1024, height = 576): Promise<Buffer> {
  const left = await sharp({ create: { width: width / 2, height, channels: 3, background: '#d02020' } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#102040' } })
    .composite([{ input: left, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

describe('rendering a model output', () => {
  it('encodes the full image as WebP at its own size', async () => {
    const rendered = await renderImage(await samplePng());
    expect(rendered.width).toBe(1024);
    expect(rendered.height).toBe(576);
    const meta = await sharp(rendered.full).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1024, height: 576 });
  });

  it('makes a WebP thumbnail 256 px wide with the same aspect ratio', async () => {
    const rendered = await renderImage(await samplePng());
    const meta = await sharp(rendered.thumbnail).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: renderSettings.thumbnailWidth, height: 144 });
  });

  it('never enlarges a small image for the thumbnail', async () => {
    const rendered = await renderImage(await samplePng(128, 128));
    expect((await sharp(rendered.thumbnail).metadata()).width).toBe(128);
  });

  it('inlines a tiny WebP placeholder well under 1 KB', async () => {
    const rendered = await renderImage(await samplePng());
    const match = /^data:image\/webp;base64,([A-Za-z0-9+/=]+)$/.exec(rendered.placeholder);
    expect(match).not.toBeNull();
    const bytes = Buffer.from(match![1]!, 'base64');
    expect(rendered.placeholder.length).toBeLessThan(1024);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 16, height: 9 });
  });

  it('reports a dominant colour as #rrggbb close to one of the two halves', async () => {
    const { dominantColor } = await renderImage(await samplePng());
    expect(dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(dominantColor.slice(i, i + 2), 16));
    const near = (target: number[]) =>
      Math.max(...[r!, g!, b!].map((c, i) => Math.abs(c - target[i]!))) <= 24;
    expect(near([0xd0, 0x20, 0x20]) || near([0x10, 0x20, 0x40])).toBe(true);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(renderImage(Buffer.from('not an image'))).rejects.toThrow();
  });
});
