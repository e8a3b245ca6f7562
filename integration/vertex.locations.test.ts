import { ApiError, type GoogleGenAI } from '@google/genai';
import { imageModelById } from '@phoenix/core';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../runner/src/platform/log.ts';
import type { RecordedRequest } from '../dev/src/vertex/request-log.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';
import { geminiRequest } from '../runner/src/image/model-params.ts';
import { createVertexClients } from '../runner/src/platform/vertex-client.ts';

/*
 * The image service's own client factory and request builder, through the
 * real @google/genai client, against the fake: each model is called at its
 * catalogue location, and outputs come back at the asked size.
 */
let fake: VertexFake;
let clientFor: (location: string) => GoogleGenAI;

beforeAll(async () => {
  fake = await startVertexFake({ logger: silentLogger });
  clientFor = createVertexClients({ project: 'demo-phoenix', baseUrl: fake.url, accessToken: 'local' });
});

beforeEach(() => fake.clearRequests());

afterAll(async () => {
  await fake?.close();
});

const request = {
  prompt: 'a red fox in snow',
  aspectRatio: '1:1',
  count: 1,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: false,
  imageSize: '1K',
} as const;

async function imageOf(response: Awaited<ReturnType<GoogleGenAI['models']['generateContent']>>) {
  const data = response.candidates?.[0]?.content?.parts?.[0]?.inlineData?.data;
  return sharp(Buffer.from(data ?? '', 'base64')).metadata();
}

describe('Vertex locations and sizes through the image service client', () => {
  it('calls gemini-3.1-flash-image at its catalogue location, global, on the projects path', async () => {
    const location = imageModelById(request.model)!.location;
    expect(location).toBe('global');
    const response = await clientFor(location).models.generateContent(geminiRequest(request, 0));
    expect(await imageOf(response)).toMatchObject({ width: 1024, height: 1024 });
    expect(fake.requests()).toEqual<RecordedRequest[]>([
      {
        apiVersion: 'v1beta1',
        project: 'demo-phoenix',
        location: 'global',
        model: 'gemini-3.1-flash-image',
        method: 'generateContent',
        status: 200,
        prompt: request.prompt,
      },
    ]);
  });

  it('gets 404 for a Gemini 3 model from a regional client, as Vertex answers', async () => {
    const error = await clientFor('us-central1')
      .models.generateContent(geminiRequest(request, 0))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(fake.requests()).toMatchObject([{ location: 'us-central1', model: request.model, status: 404 }]);
  });

  it('makes a 2K square 2048 × 2048 and a 4K 16:9 4096 × 2304', async () => {
    const ai = clientFor('global');
    const square = await ai.models.generateContent(geminiRequest({ ...request, imageSize: '2K' }, 0));
    expect(await imageOf(square)).toMatchObject({ width: 2048, height: 2048 });
    const wide = await ai.models.generateContent(
      geminiRequest(
        { ...request, model: 'gemini-3-pro-image-preview', imageSize: '4K', aspectRatio: '16:9' },
        0,
      ),
    );
    expect(await imageOf(wide)).toMatchObject({ width: 4096, height: 2304 });
  });

  it('refuses a size the model does not make with 400', async () => {
    const error = await clientFor('global')
      .models.generateContent({
        model: 'gemini-2.5-flash-image',
        contents: 'a fox',
        config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '1:1', imageSize: '2K' } },
      })
      .catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain('imageSize');
  });

  it('keeps one client per location', () => {
    expect(clientFor('global')).toBe(clientFor('global'));
    expect(clientFor('global')).not.toBe(clientFor('us-central1'));
  });

  it('shows and forgets the recorded requests over HTTP', async () => {
    await clientFor('global').models.generateContent(geminiRequest(request, 0));
    const listed = (await (await fetch(`${fake.url}/_fake/requests`)).json()) as {
      requests: RecordedRequest[];
    };
    expect(listed.requests.map((entry) => entry.location)).toEqual(['global']);
    expect((await fetch(`${fake.url}/_fake/requests`, { method: 'DELETE' })).status).toBe(200);
    expect(fake.requests()).toEqual([]);
  });
});
