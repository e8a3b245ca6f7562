import { ApiError, FinishReason, type GenerateContentConfig, type GoogleGenAI } from '@google/genai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalGenAI } from '../dev/src/vertex/client.ts';
import { silentLogger } from '../runner/src/platform/log.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';

const MODEL = 'gemini-2.5-flash-image';
let fake: VertexFake;
let ai: GoogleGenAI;

beforeAll(async () => {
  fake = await startVertexFake({ logger: silentLogger });
  ai = createLocalGenAI({ baseUrl: fake.url });
});

afterAll(async () => {
  await fake?.close();
});

function imageConfig(aspectRatio: string, seed?: number): GenerateContentConfig {
  return {
    responseModalities: ['IMAGE'],
    imageConfig: { aspectRatio },
    ...(seed === undefined ? {} : { seed }),
  };
}

function inlineImages(response: Awaited<ReturnType<GoogleGenAI['models']['generateContent']>>): Buffer[] {
  return (response.candidates?.[0]?.content?.parts ?? []).flatMap((part) =>
    part.inlineData?.data ? [Buffer.from(part.inlineData.data, 'base64')] : [],
  );
}

describe('Gemini image :generateContent through @google/genai', () => {
  it('returns one decodable image at the requested aspect ratio', async () => {
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: 'a red fox in snow',
      config: imageConfig('16:9'),
    });
    const candidate = response.candidates?.[0];
    expect(candidate?.finishReason).toBe(FinishReason.STOP);
    expect(candidate?.content?.parts).toHaveLength(1);
    expect(candidate?.content?.parts?.[0]?.inlineData?.mimeType).toBe('image/png');
    const [image] = inlineImages(response);
    expect(await sharp(image).metadata()).toMatchObject({ format: 'png', width: 1024, height: 576 });
    expect(response.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
    expect(response.usageMetadata?.totalTokenCount).toBeGreaterThan(
      response.usageMetadata?.promptTokenCount ?? 0,
    );
  });

  it('honours a portrait ratio', async () => {
    const [image] = inlineImages(
      await ai.models.generateContent({ model: MODEL, contents: 'a tower', config: imageConfig('3:4') }),
    );
    expect(await sharp(image).metadata()).toMatchObject({ width: 768, height: 1024 });
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const ask = async (seed: number) =>
      inlineImages(
        await ai.models.generateContent({
          model: MODEL,
          contents: 'a teapot',
          config: imageConfig('1:1', seed),
        }),
      )[0];
    const [a, b, c] = await Promise.all([ask(7), ask(7), ask(8)]);
    expect(a?.equals(b ?? Buffer.alloc(0))).toBe(true);
    expect(a?.equals(c ?? Buffer.alloc(0))).toBe(false);
  });

  it('gives different images to unseeded calls, so n calls make n variations', async () => {
    const ask = async () =>
      inlineImages(
        await ai.models.generateContent({ model: MODEL, contents: 'a teapot', config: imageConfig('1:1') }),
      )[0];
    const [a, b] = await Promise.all([ask(), ask()]);
    expect(a?.equals(b ?? Buffer.alloc(0))).toBe(false);
  });

  it('streams the same shape through :streamGenerateContent', async () => {
    const chunks = [];
    for await (const chunk of await ai.models.generateContentStream({
      model: MODEL,
      contents: 'a boat',
      config: imageConfig('16:9'),
    })) {
      chunks.push(chunk);
    }
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    expect(await sharp(inlineImages(chunks[0]!)[0]).metadata()).toMatchObject({ width: 1024, height: 576 });
  });

  it('adds a text part when text is also requested', async () => {
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: 'a kite',
      config: { responseModalities: ['TEXT', 'IMAGE'] },
    });
    expect(response.text).toContain('a kite');
    expect(inlineImages(response)).toHaveLength(1);
  });

  it('edits an input image', async () => {
    const input = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#2050a0' } })
      .png()
      .toBuffer();
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'make it sunny' },
            { inlineData: { mimeType: 'image/png', data: input.toString('base64') } },
          ],
        },
      ],
      config: imageConfig('16:9'),
    });
    expect(await sharp(inlineImages(response)[0]).metadata()).toMatchObject({ width: 1024, height: 576 });
  });

  it('rejects an unsupported aspect ratio and more than one candidate with 400', async () => {
    for (const config of [imageConfig('7:1'), { ...imageConfig('1:1'), candidateCount: 2 }]) {
      const error = await ai.models
        .generateContent({ model: MODEL, contents: 'x', config })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
    }
  });

  it('refuses :generateContent on an Imagen model', async () => {
    const error = await ai.models
      .generateContent({ model: 'imagen-4.0-generate-001', contents: 'x' })
      .catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(400);
  });
});
