import { describe, expect, it } from 'vitest';
import {
  type RunServicesApi,
  ServiceNotFoundError,
  ServiceScaleConflictError,
  createServiceScaler,
  isRevisionConflict,
  serviceScalerOptionsFromEnv,
} from './run-admin.ts';

const conflict = Object.assign(
  new Error(
    "6 ALREADY_EXISTS: Revision named 'phoenix-image-00002-abc' with different configuration already exists.",
  ),
  { code: 6 },
);
const notFound = Object.assign(new Error('5 NOT_FOUND: Service … was not found'), { code: 5 });

/** A stand-in ServicesClient whose updates fail with the given errors, in order, then succeed. */
function fakeClient(updateFailures: Error[], getFailure?: Error) {
  const requests: unknown[] = [];
  const client = {
    servicePath: (project: string, location: string, service: string) =>
      `projects/${project}/locations/${location}/services/${service}`,
    getService: async () => {
      if (getFailure) throw getFailure;
      return [{ scaling: { maxInstanceCount: 100 } }];
    },
    updateService: async (request: { service: { scaling: { maxInstanceCount: number } } }) => {
      requests.push(request);
      const failure = updateFailures.shift();
      if (failure) throw failure;
      return [{ promise: async () => [{ scaling: request.service.scaling }] }];
    },
  };
  return { client: client as unknown as RunServicesApi, requests };
}

function scalerWith(client: RunServicesApi, maxAttempts = 3) {
  return createServiceScaler({
    project: 'demo-phoenix',
    region: 'us-central1',
    serviceNames: { image: 'phoenix-image', video: 'phoenix-video' },
    maxAttempts,
    retryDelayMs: 1,
    client: () => client,
  });
}

describe('the service scaler', () => {
  it('sends a masked service-level update and returns the new max', async () => {
    const { client, requests } = fakeClient([]);
    await expect(scalerWith(client).setMaxInstances('image', 2)).resolves.toBe(2);
    expect(requests).toEqual([
      {
        service: {
          name: 'projects/demo-phoenix/locations/us-central1/services/phoenix-image',
          scaling: { maxInstanceCount: 2 },
        },
        updateMask: { paths: ['scaling.max_instance_count'] },
      },
    ]);
  });

  it('retries the 409 revision conflict and succeeds on a later attempt', async () => {
    const { client, requests } = fakeClient([conflict, Object.assign(new Error('aborted'), { code: 10 })]);
    await expect(scalerWith(client).setMaxInstances('video', 1)).resolves.toBe(1);
    expect(requests).toHaveLength(3);
  });

  it('gives up with a typed error after maxAttempts conflicts', async () => {
    const { client, requests } = fakeClient([conflict, conflict, conflict, conflict]);
    const failure = await scalerWith(client, 3)
      .setMaxInstances('image', 5)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceScaleConflictError);
    expect(failure).toMatchObject({ service: 'image', attempts: 3, cause: conflict });
    expect(requests).toHaveLength(3);
  });

  it('does not retry other failures', async () => {
    const denied = Object.assign(new Error('7 PERMISSION_DENIED'), { code: 7 });
    const { client, requests } = fakeClient([denied]);
    await expect(scalerWith(client).setMaxInstances('image', 5)).rejects.toBe(denied);
    expect(requests).toHaveLength(1);
  });

  it('answers null for a missing service, and a typed error when setting it', async () => {
    const { client } = fakeClient([notFound], notFound);
    const scaler = scalerWith(client);
    await expect(scaler.getMaxInstances('video')).resolves.toBeNull();
    const failure = await scaler.setMaxInstances('video', 1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceNotFoundError);
    expect(failure).toMatchObject({
      resourceName: 'projects/demo-phoenix/locations/us-central1/services/phoenix-video',
    });
  });

  it('refuses a max below 1 before calling Cloud Run (0 would lift the limit)', async () => {
    const { client, requests } = fakeClient([]);
    await expect(scalerWith(client).setMaxInstances('image', 0)).rejects.toThrow(RangeError);
    await expect(scalerWith(client).setMaxInstances('image', 2.5)).rejects.toThrow(RangeError);
    expect(requests).toHaveLength(0);
  });
});

describe('isRevisionConflict', () => {
  it('accepts ABORTED and the "different configuration" 409 only', () => {
    expect(isRevisionConflict(conflict)).toBe(true);
    expect(isRevisionConflict({ code: 10, message: 'etag mismatch' })).toBe(true);
    expect(isRevisionConflict({ code: 6, message: 'Service already exists' })).toBe(false);
    expect(isRevisionConflict({ code: 3, message: 'different configuration already exists' })).toBe(false);
    expect(isRevisionConflict(undefined)).toBe(false);
  });
});

describe('serviceScalerOptionsFromEnv', () => {
  it('uses the deploy defaults', () => {
    expect(serviceScalerOptionsFromEnv({ GCLOUD_PROJECT: 'p' })).toEqual({
      project: 'p',
      region: 'us-central1',
      serviceNames: { image: 'phoenix-image', video: 'phoenix-video' },
    });
  });

  it('reads the overrides and the local fake', () => {
    expect(
      serviceScalerOptionsFromEnv({
        GCLOUD_PROJECT: 'p',
        PHOENIX_REGION: 'europe-west1',
        PHOENIX_IMAGE_SERVICE: 'img',
        PHOENIX_VIDEO_SERVICE: 'vid',
        PHOENIX_RUN_ADMIN_EMULATOR_HOST: '127.0.0.1:8125',
      }),
    ).toEqual({
      project: 'p',
      region: 'europe-west1',
      serviceNames: { image: 'img', video: 'vid' },
      emulatorHost: '127.0.0.1:8125',
    });
  });

  it('names what is missing', () => {
    expect(() => serviceScalerOptionsFromEnv({})).toThrow(/^GCLOUD_PROJECT is not set/);
    expect(() => serviceScalerOptionsFromEnv({ GCLOUD_PROJECT: 'p', FUNCTIONS_EMULATOR: 'true' })).toThrow(
      /^PHOENIX_RUN_ADMIN_EMULATOR_HOST is not set/,
    );
  });
});
