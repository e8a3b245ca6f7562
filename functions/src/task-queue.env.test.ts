import { describe, expect, it } from 'vitest';
import { imageTaskTargetFromEnv, tasksEmulatorHostFromEnv } from './task-queue.ts';

const deployed = {
  GCLOUD_PROJECT: 'phoenix-prod',
  TASKS_LOCATION: 'us-central1',
  IMAGE_SERVICE_URL: 'https://phoenix-image-abc.a.run.app',
  TASKS_INVOKER_EMAIL: 'tasks-invoker@phoenix-prod.iam.gserviceaccount.com',
};

describe('imageTaskTargetFromEnv', () => {
  it('reads the queue and image-service settings', () => {
    expect(imageTaskTargetFromEnv(deployed)).toEqual({
      project: 'phoenix-prod',
      location: 'us-central1',
      imageServiceUrl: 'https://phoenix-image-abc.a.run.app',
      invokerEmail: 'tasks-invoker@phoenix-prod.iam.gserviceaccount.com',
    });
  });

  it.each(Object.keys(deployed))('names %s when it is missing or blank', (name) => {
    expect(() => imageTaskTargetFromEnv({ ...deployed, [name]: ' ' })).toThrow(
      new RegExp(`^${name} is not set`),
    );
  });
});

describe('tasksEmulatorHostFromEnv', () => {
  it('is undefined in production, where no emulator is named', () => {
    expect(tasksEmulatorHostFromEnv(deployed)).toBeUndefined();
  });

  it('uses CLOUD_TASKS_EMULATOR_HOST outside the Functions emulator', () => {
    expect(tasksEmulatorHostFromEnv({ CLOUD_TASKS_EMULATOR_HOST: '127.0.0.1:8123' })).toBe('127.0.0.1:8123');
  });

  it('prefers PHOENIX_TASKS_EMULATOR_HOST, which the Functions emulator leaves alone', () => {
    expect(
      tasksEmulatorHostFromEnv({
        FUNCTIONS_EMULATOR: 'true',
        CLOUD_TASKS_EMULATOR_HOST: '127.0.0.1:9499',
        PHOENIX_TASKS_EMULATOR_HOST: '127.0.0.1:8123',
      }),
    ).toBe('127.0.0.1:8123');
  });

  it('refuses firebase-tools’ own task-queue emulator inside the Functions emulator', () => {
    expect(() =>
      tasksEmulatorHostFromEnv({ FUNCTIONS_EMULATOR: 'true', CLOUD_TASKS_EMULATOR_HOST: '127.0.0.1:9499' }),
    ).toThrow(/^PHOENIX_TASKS_EMULATOR_HOST is not set/);
  });
});
