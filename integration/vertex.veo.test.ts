import type { ChildProcess } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { ApiError, GenerateVideosOperation, type GoogleGenAI } from '@google/genai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalGenAI } from '../dev/src/vertex/client.ts';
import { silentLogger } from '../runner/src/platform/log.ts';
import { startVertexFake, type VertexFake } from '../dev/src/vertex/server.ts';
import { probeVideo, waitForVideoOperation } from '../dev/src/vertex/testing.ts';

const MODEL = 'veo-3.0-fast-generate-001';
let fake: VertexFake;
let ai: GoogleGenAI;

beforeAll(async () => {
  // 12 fps halves the encoding work; no assertion here depends on the frame rate.
  fake = await startVertexFake({
    logger: silentLogger,
    faults: { veoDurationMs: 300 },
    render: { videoFps: 12 },
  });
  ai = createLocalGenAI({ baseUrl: fake.url, project: 'demo', location: 'us-central1' });
});

afterAll(async () => {
  await fake?.close();
});

function videoBytes(operation: GenerateVideosOperation, index = 0): Buffer {
  return Buffer.from(operation.response?.generatedVideos?.[index]?.video?.videoBytes ?? '', 'base64');
}

describe('Veo :predictLongRunning and :fetchPredictOperation through @google/genai', () => {
  it('turns a prompt into an H.264 MP4 of the requested duration, the same bytes for the same seed', async () => {
    const request = {
      model: MODEL,
      source: { prompt: 'a fox running through snow' },
      config: { durationSeconds: 4, aspectRatio: '16:9', seed: 11 },
    };
    const [started, twin] = await Promise.all([
      ai.models.generateVideos(request),
      ai.models.generateVideos(request),
    ]);
    expect(started.name).toMatch(
      /^projects\/demo\/locations\/us-central1\/publishers\/google\/models\/veo-3\.0-fast-generate-001\/operations\/[0-9a-f-]{36}$/,
    );
    expect(started.done).toBeUndefined();

    const finished = await waitForVideoOperation(ai, started);
    expect(finished.error).toBeUndefined();
    expect(finished.response?.raiMediaFilteredCount).toBe(0);
    expect(finished.response?.generatedVideos).toHaveLength(1);
    expect(finished.response?.generatedVideos?.[0]?.video?.mimeType).toBe('video/mp4');
    const probe = await probeVideo(videoBytes(finished));
    expect(probe.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 320, height: 180 });
    expect(Math.abs(probe.durationSeconds - 4)).toBeLessThanOrEqual(0.2);
    expect(Math.abs((probe.video?.durationSeconds ?? 0) - 4)).toBeLessThanOrEqual(0.2);
    expect(videoBytes(await waitForVideoOperation(ai, twin)).equals(videoBytes(finished))).toBe(true);
  });

  it('reports running while its configured time has not passed, also to a poller that kept only the name', async () => {
    // The configured time keeps an operation running however soon its video is encoded.
    const start = (veoMs: number) =>
      ai.models.generateVideos({
        model: MODEL,
        source: { prompt: 'slow clouds' },
        config: {
          durationSeconds: 4,
          outputGcsUri: 'gs://phoenix-videos',
          httpOptions: { headers: { 'x-fake-fault': `veo-ms=${veoMs}` } },
        },
      });
    const [slow, instant] = await Promise.all([start(60_000), start(0)]);
    // What a worker does after reading the stored operation name back from the database.
    const restore = (name: string | undefined) => Object.assign(new GenerateVideosOperation(), { name });

    for (let poll = 0; poll < 3; poll += 1) {
      const current = await ai.operations.getVideosOperation({ operation: restore(slow.name) });
      expect(current.done).toBeUndefined();
      expect(current.name).toBe(slow.name);
    }
    // The same request with no time configured is done as soon as its video is in the bucket.
    const finished = await waitForVideoOperation(ai, restore(instant.name));
    expect(finished.done).toBe(true);
    expect(finished.response?.generatedVideos?.[0]?.video?.uri).toMatch(/^gs:\/\/phoenix-videos\//);
  });

  it('animates an input image into a portrait video with an audio track', async () => {
    const still = await sharp({ create: { width: 360, height: 640, channels: 3, background: '#c04020' } })
      .png()
      .toBuffer();
    const started = await ai.models.generateVideos({
      model: 'veo-3.1-generate-001',
      source: {
        prompt: 'the sun rises',
        image: { imageBytes: still.toString('base64'), mimeType: 'image/png' },
      },
      config: { durationSeconds: 6, aspectRatio: '9:16', generateAudio: true, seed: 5 },
    });
    const finished = await waitForVideoOperation(ai, started);
    const probe = await probeVideo(videoBytes(finished));
    expect(probe.video).toMatchObject({ codec: 'h264', width: 180, height: 320 });
    expect(probe.audioCodec).toBe('aac');
    expect(Math.abs(probe.durationSeconds - 6)).toBeLessThanOrEqual(0.2);
    // The container takes the longer stream, so check the picture itself too.
    expect(Math.abs((probe.video?.durationSeconds ?? 0) - 6)).toBeLessThanOrEqual(0.2);
  });

  it('gives gs:// URIs instead of bytes when an output bucket is set', async () => {
    const started = await ai.models.generateVideos({
      model: MODEL,
      source: { prompt: 'waves' },
      config: { durationSeconds: 4, numberOfVideos: 2, outputGcsUri: 'gs://phoenix-videos/out/' },
    });
    const finished = await waitForVideoOperation(ai, started);
    const videos = finished.response?.generatedVideos ?? [];
    expect(videos).toHaveLength(2);
    for (const [index, generated] of videos.entries()) {
      expect(generated.video?.videoBytes).toBeUndefined();
      expect(generated.video?.uri).toMatch(
        new RegExp(`^gs://phoenix-videos/out/[0-9a-f-]{36}/sample_${index}\\.mp4$`),
      );
    }
  });

  it('rejects a duration Veo does not offer with 400', async () => {
    const error = await ai.models
      .generateVideos({ model: MODEL, source: { prompt: 'x' }, config: { durationSeconds: 5 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain('durationSeconds');
  });

  it('answers 404 for an operation it never started', async () => {
    const forged = Object.assign(new GenerateVideosOperation(), {
      name: `projects/demo/locations/us-central1/publishers/google/models/${MODEL}/operations/00000000-0000-0000-0000-000000000000`,
    });
    const error = await ai.operations.getVideosOperation({ operation: forged }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
  });

  it('stops background work when closed mid-render: the encodes running are killed, no other starts', async () => {
    // Every child process this test process starts, as Node announces it.
    const encodes: ChildProcess[] = [];
    const onSpawn = (message: unknown) => encodes.push((message as { process: ChildProcess }).process);
    diagnostics.subscribe('child_process', onSpawn);
    try {
      const own = await startVertexFake({ logger: silentLogger, faults: { veoDurationMs: 60_000 } });
      const client = createLocalGenAI({ baseUrl: own.url });
      await client.models.generateVideos({
        model: MODEL,
        source: { prompt: 'long' },
        config: { durationSeconds: 8, numberOfVideos: 4 },
      });
      await vi.waitFor(() => expect(encodes.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });

      await own.close();
      // Four videos to encode, at most two at once: had close waited for the
      // work instead of stopping it, all four would have run and exited 0.
      expect(encodes.length).toBeLessThan(4);
      expect(encodes.every((encode) => encode.exitCode !== null || encode.signalCode !== null)).toBe(true);
      expect(encodes.some((encode) => encode.signalCode === 'SIGTERM')).toBe(true);
      await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
    } finally {
      diagnostics.unsubscribe('child_process', onSpawn);
    }
  });
});
