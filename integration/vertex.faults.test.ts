import { ApiError, BlockedReason, FinishReason, type GoogleGenAI } from '@google/genai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalGenAI } from '../dev/src/vertex/client.ts';
import { silentLogger } from '../runner/src/platform/log.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';
import { waitForVideoOperation } from '../dev/src/vertex/testing.ts';

const IMAGEN = 'imagen-4.0-generate-001';
const GEMINI = 'gemini-2.5-flash-image';
const VEO = 'veo-3.0-generate-001';
const BLOCKED_TEXT =
  'Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words';

let fake: VertexFake;
let ai: GoogleGenAI;

beforeAll(async () => {
  fake = await startVertexFake({ logger: silentLogger, faults: { veoDurationMs: 0 } });
  ai = createLocalGenAI({ baseUrl: fake.url });
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await fake?.close();
});

/** Per-call HTTP options are how product code would never do it, but tests can. */
function withFault(directives: string) {
  return { httpOptions: { headers: { 'x-fake-fault': directives } } };
}

async function imagenError(prompt: string, directives?: string): Promise<ApiError> {
  const error = await ai.models
    .generateImages({
      model: IMAGEN,
      prompt,
      config: { numberOfImages: 1, ...(directives ? withFault(directives) : {}) },
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

function modelUrl(model: string, method: string): string {
  return `${fake.url}/v1/projects/p/locations/us-central1/publishers/google/models/${model}:${method}`;
}

describe('injected failures', () => {
  it('surfaces an injected 429 as ApiError with status 429', async () => {
    const error = await imagenError('a fox', 'status=429');
    expect(error.status).toBe(429);
    expect(error.message).toContain('RESOURCE_EXHAUSTED');
  });

  it('fails the configured number of requests with a process-wide 500, then recovers', async () => {
    fake.configure({ errorStatus: 500, errorCount: 1 });
    expect((await imagenError('a fox')).status).toBe(500);
    const ok = await ai.models.generateImages({
      model: IMAGEN,
      prompt: 'a fox',
      config: { numberOfImages: 1 },
    });
    expect(ok.generatedImages).toHaveLength(1);
  });

  it('takes faults typed into the prompt', async () => {
    expect((await imagenError('a fox [fake: status=503]')).status).toBe(503);
  });

  it('rejects a malformed fault header with 400 rather than ignoring it', async () => {
    expect((await imagenError('a fox', 'status=teapot')).status).toBe(400);
  });

  it('delays answers by the injected latency', async () => {
    const started = performance.now();
    await ai.models.generateImages({
      model: IMAGEN,
      prompt: 'a fox',
      config: { numberOfImages: 1, ...withFault('latency=400') },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe('safety behaviour', () => {
  it('blocks a prompt with a blocked word the way Imagen does', async () => {
    const error = await imagenError('a forbidden fox');
    expect(error.status).toBe(400);
    expect(error.message).toContain(BLOCKED_TEXT);
    expect(error.message).toContain('INVALID_ARGUMENT');
  });

  it('drops filtered Imagen outputs and adds the RAI reason when asked', async () => {
    const response = await ai.models.generateImages({
      model: IMAGEN,
      prompt: 'a fox',
      config: { numberOfImages: 4, includeRaiReason: true, ...withFault('filter=3') },
    });
    const images = (response.generatedImages ?? []).filter((generated) => generated.image?.imageBytes);
    const reasons = (response.generatedImages ?? []).flatMap(
      (generated) => generated.raiFilteredReason ?? [],
    );
    expect(images).toHaveLength(1);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('filtered out 3 generated images');
  });

  it('returns no predictions at all when every Imagen output is filtered without a reason requested', async () => {
    fake.configure({ filterCount: 4 });
    const response = await ai.models.generateImages({
      model: IMAGEN,
      prompt: 'a fox',
      config: { numberOfImages: 2 },
    });
    expect(response.generatedImages).toEqual([]);
  });

  it('blocks a Gemini prompt through promptFeedback, without candidates', async () => {
    fake.configure({ blockedWords: ['lava'] });
    const response = await ai.models.generateContent({
      model: GEMINI,
      contents: 'a river of LAVA',
      config: { responseModalities: ['IMAGE'] },
    });
    expect(response.promptFeedback?.blockReason).toBe(BlockedReason.PROHIBITED_CONTENT);
    expect(response.candidates).toBeUndefined();
  });

  it('filters a Gemini image with finishReason IMAGE_SAFETY and no image part', async () => {
    const response = await ai.models.generateContent({
      model: GEMINI,
      contents: 'a fox',
      config: { responseModalities: ['IMAGE'], ...withFault('filter=1') },
    });
    expect(response.candidates?.[0]?.finishReason).toBe(FinishReason.IMAGE_SAFETY);
    expect(response.candidates?.[0]?.content?.parts?.some((part) => part.inlineData)).toBeFalsy();
  });

  it('fails a Veo operation for a blocked prompt and for an injected failure', async () => {
    const blocked = await waitForVideoOperation(
      ai,
      await ai.models.generateVideos({
        model: VEO,
        source: { prompt: 'something forbidden' },
        config: { durationSeconds: 4 },
      }),
    );
    expect(blocked.error).toMatchObject({ code: 3 });
    expect(String(blocked.error?.['message'])).toContain('sensitive words');

    const failed = await waitForVideoOperation(
      ai,
      await ai.models.generateVideos({
        model: VEO,
        source: { prompt: 'a fox' },
        config: { durationSeconds: 4, ...withFault('veo-fail') },
      }),
    );
    expect(failed.error).toMatchObject({ code: 13 });
    expect(failed.response).toBeUndefined();
  });

  it('reports filtered Veo outputs in raiMediaFilteredCount and reasons', async () => {
    const finished = await waitForVideoOperation(
      ai,
      await ai.models.generateVideos({
        model: VEO,
        source: { prompt: 'a fox' },
        config: { durationSeconds: 4, numberOfVideos: 1, ...withFault('filter=1') },
      }),
    );
    expect(finished.error).toBeUndefined();
    expect(finished.response?.raiMediaFilteredCount).toBe(1);
    expect(finished.response?.raiMediaFilteredReasons).toHaveLength(1);
    expect(finished.response?.generatedVideos).toBeUndefined();
  });
});

describe('raw HTTP', () => {
  it('answers 401 in Google error shape without a bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer ' }, { authorization: 'Basic abc' }]) {
      const response = await fetch(modelUrl(IMAGEN, 'predict'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ instances: [{ prompt: 'a fox' }] }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
    }
  });

  it('answers 400 INVALID_ARGUMENT for a malformed body', async () => {
    const response = await fetch(modelUrl(IMAGEN, 'predict'), {
      method: 'POST',
      headers: { authorization: 'Bearer local', 'content-type': 'application/json' },
      body: '{"instances": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('answers 404 NOT_FOUND for an unknown method', async () => {
    const response = await fetch(modelUrl(IMAGEN, 'explode'), {
      method: 'POST',
      headers: { authorization: 'Bearer local' },
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('changes process faults through POST /_fake/config and restores them with DELETE', async () => {
    const posted = await fetch(`${fake.url}/_fake/config`, {
      method: 'POST',
      body: JSON.stringify({ errorStatus: 429 }),
    });
    expect(await posted.json()).toMatchObject({ errorStatus: 429 });
    expect((await imagenError('a fox')).status).toBe(429);
    const refused = await fetch(`${fake.url}/_fake/config`, {
      method: 'POST',
      body: JSON.stringify({ errorStatus: 'soon' }),
    });
    expect(refused.status).toBe(400);
    const reset = await fetch(`${fake.url}/_fake/config`, { method: 'DELETE' });
    expect(await reset.json()).toMatchObject({ errorStatus: null });
  });
});
