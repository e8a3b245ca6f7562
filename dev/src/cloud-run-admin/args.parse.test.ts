import { describe, expect, it } from 'vitest';
import { commandFrom } from './args.ts';

describe('commandFrom', () => {
  it('seeds each --service under the project and region', () => {
    const command = commandFrom(
      ['--port', '9125', '--project', 'demo-x', '--service', 'phoenix-image=100,phoenix-video=10'],
      {},
    );
    expect(command.port).toBe(9125);
    expect(command.services).toEqual([
      {
        name: 'projects/demo-x/locations/us-central1/services/phoenix-image',
        scaling: { maxInstanceCount: 100 },
      },
      {
        name: 'projects/demo-x/locations/us-central1/services/phoenix-video',
        scaling: { maxInstanceCount: 10 },
      },
    ]);
    expect(command.failUpdates).toBe(0);
  });

  it('falls back to the environment', () => {
    const command = commandFrom([], {
      RUN_ADMIN_PORT: '0',
      GCLOUD_PROJECT: 'demo-y',
      RUN_ADMIN_SERVICES: 'a=1',
      RUN_ADMIN_FAIL_UPDATES: '2',
    });
    expect(command).toMatchObject({ port: 0, failUpdates: 2 });
    expect(command.services?.[0]?.name).toBe('projects/demo-y/locations/us-central1/services/a');
  });

  it('names the flag whose value is wrong', () => {
    expect(() => commandFrom(['--service', 'phoenix-image'], {})).toThrow(
      /^--service must be "id=maxInstances"/,
    );
    expect(() => commandFrom(['--port', '70000'], {})).toThrow(
      '--port must be a whole number from 0 to 65535',
    );
  });
});
