import { imageQueue } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { ConfigError, readImageServiceConfig } from './config.ts';

const complete = {
  GCLOUD_PROJECT: 'demo-phoenix',
  R2_ENDPOINT: 'https://account.r2.cloudflarestorage.com',
  R2_BUCKET: 'phoenix-media',
  R2_ACCESS_KEY_ID: 'key',
  R2_SECRET_ACCESS_KEY: 'secret',
  R2_PUBLIC_BASE_URL: 'https://media.example/',
  IMAGE_SERVICE_URL: 'https://image-abc.a.run.app',
  TASKS_INVOKER_EMAIL: 'tasks@demo-phoenix.iam.gserviceaccount.com',
};

describe('image service configuration', () => {
  it('applies the documented defaults to a minimal production environment', () => {
    const config = readImageServiceConfig(complete);
    expect(config).toMatchObject({
      port: 8081,
      project: 'demo-phoenix',
      vertexBaseUrl: undefined,
      vertexAccessToken: undefined,
      oidcCertsUrl: undefined,
      concurrency: 8,
      queueMaxAttempts: imageQueue.maxAttempts,
      modelRetryAfterSeconds: 10,
      audience: complete.IMAGE_SERVICE_URL,
      invokerEmail: complete.TASKS_INVOKER_EMAIL,
    });
    expect(config.r2).toEqual({
      endpoint: complete.R2_ENDPOINT,
      bucket: 'phoenix-media',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      publicBaseUrl: 'https://media.example/',
      forcePathStyle: false,
    });
  });

  it('reads every override', () => {
    const config = readImageServiceConfig({
      ...complete,
      PORT: '9090',
      GOOGLE_VERTEX_BASE_URL: 'http://127.0.0.1:8788',
      VERTEX_ACCESS_TOKEN: 'local',
      OIDC_CERTS_URL: 'http://127.0.0.1:8124/oauth2/v1/certs',
      IMAGE_CONCURRENCY: '3',
      IMAGE_QUEUE_MAX_ATTEMPTS: '-1',
      IMAGE_MODEL_RETRY_AFTER_SECONDS: '0',
      R2_FORCE_PATH_STYLE: 'true',
    });
    expect(config).toMatchObject({
      port: 9090,
      vertexBaseUrl: 'http://127.0.0.1:8788',
      vertexAccessToken: 'local',
      oidcCertsUrl: 'http://127.0.0.1:8124/oauth2/v1/certs',
      concurrency: 3,
      queueMaxAttempts: -1,
      modelRetryAfterSeconds: 0,
    });
    expect(config.r2.forcePathStyle).toBe(true);
  });

  it('takes no Vertex location: each model is called at its own, from the catalogue', () => {
    const config = readImageServiceConfig({ ...complete, VERTEX_LOCATION: 'europe-west4' });
    expect(JSON.stringify(config)).not.toContain('europe-west4');
  });

  it('uses path-style addressing for a plain-http endpoint (the local s3rver)', () => {
    expect(
      readImageServiceConfig({ ...complete, R2_ENDPOINT: 'http://127.0.0.1:4569' }).r2.forcePathStyle,
    ).toBe(true);
  });

  it('takes the service URL without trailing slashes as the token audience', () => {
    expect(
      readImageServiceConfig({ ...complete, IMAGE_SERVICE_URL: 'https://image.run.app/' }).audience,
    ).toBe('https://image.run.app');
  });

  it('treats blank variables as unset', () => {
    expect(
      readImageServiceConfig({ ...complete, IMAGE_CONCURRENCY: '  ', VERTEX_ACCESS_TOKEN: '' }),
    ).toMatchObject({
      concurrency: 8,
      vertexAccessToken: undefined,
    });
  });

  it('names every missing variable at once', () => {
    expect(() => readImageServiceConfig({ GCLOUD_PROJECT: 'p' })).toThrow(ConfigError);
    try {
      readImageServiceConfig({ GCLOUD_PROJECT: 'p' });
    } catch (error) {
      for (const name of [
        'R2_ENDPOINT',
        'R2_BUCKET',
        'R2_ACCESS_KEY_ID',
        'R2_SECRET_ACCESS_KEY',
        'R2_PUBLIC_BASE_URL',
        'IMAGE_SERVICE_URL',
        'TASKS_INVOKER_EMAIL',
      ]) {
        expect((error as Error).message).toContain(`${name} is required`);
      }
      expect((error as Error).message).not.toContain('GCLOUD_PROJECT');
    }
  });

  it.each([
    ['IMAGE_CONCURRENCY', '0'],
    ['IMAGE_CONCURRENCY', 'eight'],
    ['IMAGE_CONCURRENCY', '2.5'],
    ['IMAGE_QUEUE_MAX_ATTEMPTS', '0'],
    ['IMAGE_QUEUE_MAX_ATTEMPTS', '-2'],
    ['PORT', '-1'],
    ['R2_FORCE_PATH_STYLE', 'yes'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => readImageServiceConfig({ ...complete, [name]: value })).toThrow(name);
  });
});
