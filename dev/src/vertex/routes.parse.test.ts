import { describe, expect, it } from 'vitest';
import { modelResourceName, resolveModel } from './models.ts';
import { parseRoute } from './routes.ts';

describe('parseRoute', () => {
  it('parses a publisher model path for both API versions', () => {
    for (const apiVersion of ['v1', 'v1beta1'] as const) {
      expect(
        parseRoute(
          `/${apiVersion}/projects/demo/locations/us-central1/publishers/google/models/imagen-4.0-generate-001:predict`,
        ),
      ).toEqual({
        kind: 'model',
        apiVersion,
        project: 'demo',
        location: 'us-central1',
        model: 'imagen-4.0-generate-001',
        method: 'predict',
        rawMethod: 'predict',
      });
    }
  });

  it('ignores the query string the streaming call adds', () => {
    expect(
      parseRoute(
        '/v1beta1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash-image:streamGenerateContent?alt=sse',
      ),
    ).toMatchObject({ kind: 'model', method: 'streamGenerateContent', location: 'global' });
  });

  it('accepts an encoded colon before the method', () => {
    expect(
      parseRoute(
        '/v1/projects/p/locations/l/publishers/google/models/veo-3.0-generate-001%3ApredictLongRunning',
      ),
    ).toMatchObject({
      model: 'veo-3.0-generate-001',
      method: 'predictLongRunning',
    });
  });

  it('keeps unknown methods for a precise 404', () => {
    expect(
      parseRoute('/v1/projects/p/locations/l/publishers/google/models/imagen-4.0-generate-001:explode'),
    ).toMatchObject({
      kind: 'model',
      method: null,
      rawMethod: 'explode',
    });
  });

  it('parses a Cloud Storage object read, decoding the object name sent as one segment', () => {
    expect(
      parseRoute('/storage/v1/b/phoenix-veo-test/o/out%2Fop%201%2Fsample_0%20%C3%A9.mp4?alt=media'),
    ).toEqual({
      kind: 'storage-object',
      bucket: 'phoenix-veo-test',
      object: 'out/op 1/sample_0 é.mp4',
      media: true,
    });
    expect(parseRoute('/storage/v1/b/b/o/video.mp4?fields=name&alt=json')).toMatchObject({
      kind: 'storage-object',
      media: false,
    });
    expect(parseRoute('/storage/v1/b/b/o/video.mp4')).toMatchObject({ media: false });
  });

  it('leaves storage paths it does not serve, or cannot decode, unknown', () => {
    for (const path of [
      '/storage/v1/b/b/o/out/sample_0.mp4?alt=media',
      '/storage/v1/b/b/o?alt=media',
      '/storage/v1/b/b/o/%E0%A4%A?alt=media',
      '/upload/storage/v1/b/b/o?uploadType=media',
    ]) {
      expect(parseRoute(path)).toEqual({ kind: 'unknown' });
    }
  });

  it('classifies other paths', () => {
    expect(parseRoute('/healthz')).toEqual({ kind: 'health' });
    expect(parseRoute('/_fake/config')).toEqual({ kind: 'fake-config' });
    expect(parseRoute('/_fake/requests')).toEqual({ kind: 'fake-requests' });
    expect(parseRoute('/v2/projects/p/locations/l/publishers/google/models/m:predict')).toEqual({
      kind: 'unknown',
    });
    expect(parseRoute('/v1/projects/p/locations/l/publishers/other/models/m:predict')).toEqual({
      kind: 'unknown',
    });
    expect(parseRoute('/v1/projects/p/locations/l/publishers/google/models/m')).toEqual({ kind: 'unknown' });
  });
});

describe('modelResourceName', () => {
  it('builds the name operation names extend', () => {
    expect(modelResourceName({ project: 'p', location: 'l', model: 'veo-3.0-generate-001' })).toBe(
      'projects/p/locations/l/publishers/google/models/veo-3.0-generate-001',
    );
  });
});

describe('resolveModel', () => {
  const at = (location: string, model: string, method = 'generateContent') => {
    const route = parseRoute(
      `/v1beta1/projects/p/locations/${location}/publishers/google/models/${model}:${method}`,
    );
    if (route.kind !== 'model') throw new Error('not a model route');
    return route;
  };
  const status = (run: () => unknown): number | undefined => {
    try {
      run();
    } catch (error) {
      return (error as { httpStatus?: number }).httpStatus;
    }
    return undefined;
  };

  it('serves the Gemini 3 image models at global and answers 404 at a region, as Vertex does', () => {
    for (const model of ['gemini-3.1-flash-image', 'gemini-3-pro-image-preview']) {
      expect(resolveModel(at('global', model)).family).toBe('gemini-image');
      expect(status(() => resolveModel(at('us-central1', model)))).toBe(404);
    }
  });

  it('serves Gemini 2.5 Flash Image at both, and knows which sizes each model makes', () => {
    expect(resolveModel(at('us-central1', 'gemini-2.5-flash-image')).model.imageSizes).toEqual(['1K']);
    expect(resolveModel(at('global', 'gemini-2.5-flash-image')).model.imageSizes).toEqual(['1K']);
    expect(resolveModel(at('global', 'gemini-3.1-flash-image')).model.imageSizes).toEqual(['1K', '2K', '4K']);
  });

  it('answers 404 for an unknown model and 400 for a method the model does not serve', () => {
    expect(status(() => resolveModel(at('global', 'gemini-9-image')))).toBe(404);
    expect(status(() => resolveModel(at('global', 'gemini-3.1-flash-image', 'predict')))).toBe(400);
  });
});
