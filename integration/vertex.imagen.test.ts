import { ApiError, type GenerateImagesConfig, type GoogleGenAI } from '@google/genai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalGenAI } from '../dev/src/vertex/client.ts';
import { silentLogger } from '../runner/src/platform/log.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';

const MODEL = 'imagen-4.0-fast-generate-001';
let fake: VertexFake;
let ai: GoogleGenAI;

beforeAll(async () => {
  fake = await startVertexFake({ logger: silentLogger });
  ai = createLocalGenAI({ baseUrl: fake.url });
});

afterAll(async () => {
  await fake?.close();
});

async function generate(prompt: string, config: GenerateImagesConfig): Promise<Buffer[]> {
  const response = await ai.models.generateImages({ model: MODEL, prompt, config });
  return (response.generatedImages ?? []).map((generated) =>
    Buffer.from(generated.image?.imageBytes ?? '', 'base64'),
  );
}

describe('Imagen :predict through @google/genai', () => {
  it('returns one decodable 16:9 PNG', async () => {
    const response = await ai.models.generateImages({
      model: MODEL,
      prompt: 'a red fox in snow',
      config: { numberOfImages: 1, aspectRatio: '16:9' },
    });
    expect(response.generatedImages).toHaveLength(1);
    const image = response.generatedImages?.[0]?.image;
    expect(image?.mimeType).toBe('image/png');
    const meta = await sharp(Buffer.from(image?.imageBytes ?? '', 'base64')).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 1024, height: 576 });
  });

  it('makes 2K images when asked through imageSize (sampleImageSize) on a model that makes them', async () => {
    const response = await ai.models.generateImages({
      model: 'imagen-4.0-generate-001',
      prompt: 'a red fox in snow',
      config: { numberOfImages: 1, aspectRatio: '4:3', imageSize: '2K' },
    });
    const bytes = Buffer.from(response.generatedImages?.[0]?.image?.imageBytes ?? '', 'base64');
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 2048, height: 1536 });
    const refused = await ai.models
      .generateImages({ model: MODEL, prompt: 'a fox', config: { numberOfImages: 1, imageSize: '2K' } })
      .catch((e: unknown) => e);
    expect((refused as ApiError).status).toBe(400);
  });

  it('returns four distinct 9:16 images', async () => {
    const images = await generate('a lighthouse at dusk', { numberOfImages: 4, aspectRatio: '9:16' });
    expect(images).toHaveLength(4);
    for (const bytes of images) {
      expect(await sharp(bytes).metadata()).toMatchObject({ width: 576, height: 1024 });
    }
    expect(new Set(images.map((bytes) => bytes.toString('base64'))).size).toBe(4);
  });

  it('is byte-identical for the same prompt and seed, and differs for another seed', async () => {
    const config = { numberOfImages: 2, aspectRatio: '1:1', seed: 42, addWatermark: false };
    const first = await generate('a teapot', config);
    const again = await generate('a teapot', config);
    const otherSeed = await generate('a teapot', { ...config, seed: 43 });
    expect(first).toHaveLength(2);
    expect(again[0]?.equals(first[0] ?? Buffer.alloc(0))).toBe(true);
    expect(again[1]?.equals(first[1] ?? Buffer.alloc(0))).toBe(true);
    expect(otherSeed[0]?.equals(first[0] ?? Buffer.alloc(0))).toBe(false);
  });

  it('honours JPEG output options', async () => {
    const [jpeg] = await generate('a harbour', {
      numberOfImages: 1,
      aspectRatio: '4:3',
      outputMimeType: 'image/jpeg',
      outputCompressionQuality: 60,
    });
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 1024, height: 768 });
  });

  it('speaks v1 as well as the default v1beta1', async () => {
    const v1 = createLocalGenAI({ baseUrl: fake.url, apiVersion: 'v1' });
    const response = await v1.models.generateImages({
      model: MODEL,
      prompt: 'a kite',
      config: { numberOfImages: 1 },
    });
    expect(response.generatedImages).toHaveLength(1);
  });

  it('refuses a seed while watermarking is on, as Imagen does', async () => {
    const error = await generate('a teapot', { numberOfImages: 1, seed: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain('Seed is not supported when watermark is enabled');
  });

  it('rejects unsupported aspect ratios and sample counts with 400', async () => {
    for (const config of [{ aspectRatio: '2:1' }, { numberOfImages: 5 }]) {
      const error = await generate('a kite', config).catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(400);
    }
  });

  it('answers 404 for a model Vertex does not serve', async () => {
    const error = await ai.models
      .generateImages({ model: 'imagen-9.0-generate-001', prompt: 'a kite' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toContain('NOT_FOUND');
  });
});
