import { describe, expect, it } from 'vitest';
import { modelResourceName } from './models.ts';
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

  it('classifies other paths', () => {
    expect(parseRoute('/healthz')).toEqual({ kind: 'health' });
    expect(parseRoute('/_fake/config')).toEqual({ kind: 'fake-config' });
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
