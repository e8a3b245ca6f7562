import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { RunAdminStore } from './service-store.ts';

const name = 'projects/demo-phoenix/locations/us-central1/services/phoenix-image';
const mask = { paths: ['scaling.max_instance_count'] };

function storeAt(clock: { ms: number }, pollsUntilDone = 1) {
  return new RunAdminStore({
    now: () => clock.ms,
    seeds: [{ name, scaling: { maxInstanceCount: 100 } }],
    pollsUntilDone,
  });
}

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'no error';
}

describe('RunAdminStore.updateService', () => {
  it('applies the update at once, with a new generation, update time and etag', () => {
    const clock = { ms: 1_000_000 };
    const store = storeAt(clock);
    const before = store.getService(name);
    clock.ms += 5000;
    const operation = store.updateService({
      service: { name, scaling: { maxInstanceCount: 3 } },
      updateMask: mask,
    });
    const after = store.getService(name);
    expect(after.scaling.maxInstanceCount).toBe(3);
    expect(after.generation).toBe(before.generation + 1);
    expect(after.updateTimeMs).toBe(1_005_000);
    expect(after.etag).not.toBe(before.etag);
    expect(operation.service).toEqual(after);
    expect(operation.name).toMatch(
      /^projects\/demo-phoenix\/locations\/us-central1\/operations\/[0-9a-f-]{36}$/,
    );
  });

  it('reports the operation done on the chosen poll', () => {
    const store = storeAt({ ms: 0 }, 2);
    const operation = store.updateService({
      service: { name, scaling: { maxInstanceCount: 3 } },
      updateMask: mask,
    });
    expect(operation.pollsUntilDone).toBe(2);
    expect(store.pollOperation(operation.name).done).toBe(false);
    expect(store.pollOperation(operation.name).done).toBe(true);
    expect(store.pollOperation(operation.name).done).toBe(true);
    expect(codeOf(() => store.pollOperation(`${operation.name}x`))).toBe(status.NOT_FOUND);
  });

  it('leaves the service alone for validate_only', () => {
    const store = storeAt({ ms: 0 });
    store.updateService({
      service: { name, scaling: { maxInstanceCount: 3 } },
      updateMask: mask,
      validateOnly: true,
    });
    expect(store.getService(name).scaling.maxInstanceCount).toBe(100);
  });

  it('answers NOT_FOUND for an unknown service and INVALID_ARGUMENT for a malformed name', () => {
    const store = storeAt({ ms: 0 });
    expect(codeOf(() => store.getService(`${name}-nope`))).toBe(status.NOT_FOUND);
    expect(
      codeOf(() => store.updateService({ service: { name: `${name}-nope`, scaling: {} }, updateMask: mask })),
    ).toBe(status.NOT_FOUND);
    expect(codeOf(() => store.getService('services/phoenix-image'))).toBe(status.INVALID_ARGUMENT);
  });

  it('refuses a stale etag with ABORTED', () => {
    const store = storeAt({ ms: 0 });
    const { etag } = store.getService(name);
    store.updateService({ service: { name, scaling: { maxInstanceCount: 50 } }, updateMask: mask });
    expect(
      codeOf(() =>
        store.updateService({ service: { name, etag, scaling: { maxInstanceCount: 3 } }, updateMask: mask }),
      ),
    ).toBe(status.ABORTED);
    expect(store.getService(name).scaling.maxInstanceCount).toBe(50);
  });

  it('fails exactly the next N updates with the 409 revision conflict, changing nothing', () => {
    const store = storeAt({ ms: 0 });
    store.failNextUpdates({ count: 2, code: status.ABORTED });
    const update = () =>
      store.updateService({ service: { name, scaling: { maxInstanceCount: 3 } }, updateMask: mask });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(() => update()).toThrow(
        /^Revision named 'phoenix-image-00002-[0-9a-f]{3}' with different configuration already exists\.$/,
      );
    }
    expect(store.getService(name).generation).toBe(1);
    expect(update().service.scaling.maxInstanceCount).toBe(3);
  });
});
