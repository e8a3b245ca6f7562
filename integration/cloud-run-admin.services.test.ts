import { createRequire } from 'node:module';
import { v2 } from '@google-cloud/run';
import type * as gax from 'google-gax';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunAdminFake, startRunAdminFake } from '../dev/src/cloud-run-admin/server.ts';
import { silentLogger } from '../runner/src/platform/log.ts';
import {
  ServiceNotFoundError,
  ServiceScaleConflictError,
  createServiceScaler,
  serviceScalerFromEnv,
} from '../functions/src/run-admin.ts';
import { testStack } from './support/stack.ts';

// The fake runs in this process on a free port: these tests need a fake in
// a state of their own (faults, a missing video service), not the stack's.
const project = 'demo-phoenix';
const region = 'us-central1';
const imageName = `projects/${project}/locations/${region}/services/phoenix-image`;
const mask = { paths: ['scaling.max_instance_count'] };

let fake: RunAdminFake;
let client: v2.ServicesClient;

function clientGrpc(): (typeof gax)['grpc'] {
  const require = createRequire(import.meta.url);
  return (createRequire(require.resolve('@google-cloud/run'))('google-gax') as typeof gax).grpc;
}

function localClient(port: number): v2.ServicesClient {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  return new v2.ServicesClient({
    apiEndpoint: '127.0.0.1',
    port,
    sslCreds: clientGrpc().credentials.createInsecure(),
    fallback: false,
  });
}

function scaler(retry: { maxAttempts?: number } = {}) {
  return createServiceScaler({
    project,
    region,
    serviceNames: { image: 'phoenix-image', video: 'phoenix-video' },
    emulatorHost: fake.address,
    retryDelayMs: 10,
    ...retry,
  });
}

async function failureOf(call: Promise<unknown>): Promise<{ code?: number; details?: string }> {
  try {
    await call;
  } catch (error) {
    return error as { code?: number; details?: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  // Only the image service exists, as before the video worker's first deploy.
  fake = await startRunAdminFake({ logger: silentLogger });
  client = localClient(fake.port);
});

beforeEach(() => {
  fake.seed({ name: imageName, scaling: { maxInstanceCount: 100 } });
});

afterAll(async () => {
  await client?.close();
  await fake?.close();
});

describe('the Cloud Run Admin fake, through the real ServicesClient', () => {
  it('gets a seeded service with a plausible shape', async () => {
    const [service] = await client.getService({ name: client.servicePath(project, region, 'phoenix-image') });
    expect(service.name).toBe(imageName);
    expect(service.scaling?.maxInstanceCount).toBe(100);
    expect(Number(service.generation)).toBe(1);
    expect(Number(service.observedGeneration)).toBe(1);
    expect(service.etag).toMatch(/^".+"$/);
    expect(Number(service.updateTime?.seconds)).toBeGreaterThan(0);
    expect(service.terminalCondition?.state).toBe('CONDITION_SUCCEEDED');
  });

  it('updates max instances through a long-running operation that getService then shows', async () => {
    const [before] = await client.getService({ name: imageName });
    const callsBefore = fake.calls();
    const [operation] = await client.updateService({
      service: { name: imageName, scaling: { maxInstanceCount: 3 } },
      updateMask: mask,
    });
    expect(operation.done).toBe(false);
    const [updated] = await operation.promise();
    expect(updated.scaling?.maxInstanceCount).toBe(3);
    // The client polled GetOperation until the fake said done.
    expect(fake.calls().GetOperation ?? 0).toBeGreaterThan(callsBefore.GetOperation ?? 0);

    const [after] = await client.getService({ name: imageName });
    expect(after.scaling?.maxInstanceCount).toBe(3);
    expect(Number(after.generation)).toBe(Number(before.generation) + 1);
    expect(after.etag).not.toBe(before.etag);
    expect(Number(after.updateTime?.seconds) * 1000 + (after.updateTime?.nanos ?? 0) / 1e6).toBeGreaterThan(
      Number(before.updateTime?.seconds) * 1000 + (before.updateTime?.nanos ?? 0) / 1e6,
    );
  });

  it('answers NOT_FOUND for a service that does not exist', async () => {
    const name = client.servicePath(project, region, 'phoenix-video');
    expect((await failureOf(client.getService({ name }))).code).toBe(5);
    const update = client.updateService({
      service: { name, scaling: { maxInstanceCount: 1 } },
      updateMask: mask,
    });
    expect((await failureOf(update)).code).toBe(5);
  });

  it('refuses an unsupported mask path with INVALID_ARGUMENT, changing nothing', async () => {
    const failure = await failureOf(
      client.updateService({
        service: { name: imageName, scaling: { maxInstanceCount: 1 } },
        updateMask: { paths: ['template.scaling.max_instance_count'] },
      }),
    );
    expect(failure.code).toBe(3);
    expect(failure.details).toContain('"template.scaling.max_instance_count" not supported');
    expect(fake.service(imageName)?.scaling.maxInstanceCount).toBe(100);
  });

  it('answers the injected 409 revision conflict to the raw client', async () => {
    fake.failNextUpdates({ count: 1 });
    const failure = await failureOf(
      client.updateService({
        service: { name: imageName, scaling: { maxInstanceCount: 2 } },
        updateMask: mask,
      }),
    );
    expect(failure.code).toBe(6);
    expect(failure.details).toMatch(
      /^Revision named 'phoenix-image-\S+' with different configuration already exists\.$/,
    );
  });

  it('makes an update done at once when the fake is told to', async () => {
    const immediate = await startRunAdminFake({
      logger: silentLogger,
      pollsUntilDone: 0,
      services: [{ name: imageName, scaling: { maxInstanceCount: 100 } }],
    });
    const direct = localClient(immediate.port);
    try {
      const [operation] = await direct.updateService({
        service: { name: imageName, scaling: { maxInstanceCount: 7 } },
        updateMask: mask,
      });
      expect(operation.done).toBe(true);
      const [updated] = await operation.promise();
      expect(updated.scaling?.maxInstanceCount).toBe(7);
      expect(immediate.calls().GetOperation).toBeUndefined();
    } finally {
      await direct.close();
      await immediate.close();
    }
  });
});

describe('createServiceScaler against the fake', () => {
  it('reads and lowers the image service, and getService shows it', async () => {
    const scale = scaler();
    expect(await scale.getMaxInstances('image')).toBe(100);
    expect(await scale.setMaxInstances('image', 4)).toBe(4);
    expect(await scale.getMaxInstances('image')).toBe(4);
    const [service] = await client.getService({ name: imageName });
    expect(service.scaling?.maxInstanceCount).toBe(4);
  });

  it('answers null for the video service that does not exist, and refuses to set it', async () => {
    const scale = scaler();
    expect(await scale.getMaxInstances('video')).toBeNull();
    await expect(scale.setMaxInstances('video', 1)).rejects.toBeInstanceOf(ServiceNotFoundError);
  });

  it('retries the 409 revision conflict until the update goes through', async () => {
    fake.failNextUpdates({ count: 2 });
    const updatesBefore = fake.calls().UpdateService ?? 0;
    expect(await scaler().setMaxInstances('image', 9)).toBe(9);
    expect((fake.calls().UpdateService ?? 0) - updatesBefore).toBe(3);
    expect(fake.service(imageName)?.scaling.maxInstanceCount).toBe(9);
  });

  it('gives up after its attempts with a typed error, leaving the service as it was', async () => {
    fake.failNextUpdates({ count: 2, code: 10 });
    const updatesBefore = fake.calls().UpdateService ?? 0;
    const failure = await scaler({ maxAttempts: 2 })
      .setMaxInstances('image', 9)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceScaleConflictError);
    expect((fake.calls().UpdateService ?? 0) - updatesBefore).toBe(2);
    expect(fake.service(imageName)?.scaling.maxInstanceCount).toBe(100);
  });
});

describe("the shared stack's Cloud Run Admin fake", () => {
  it('holds both Cloud Run services, found from the env the functions get', async () => {
    const { env } = testStack();
    expect(env.PHOENIX_RUN_ADMIN_EMULATOR_HOST).toMatch(/^127\.0\.0\.1:\d+$/);
    // Only read: other test files may be lowering the image service of this shared fake.
    const scale = serviceScalerFromEnv({ ...env, FUNCTIONS_EMULATOR: 'true' });
    expect(await scale.getMaxInstances('image')).toBeGreaterThan(0);
    expect(await scale.getMaxInstances('video')).toBeGreaterThan(0);
  });
});
