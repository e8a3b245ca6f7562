import { describe, expect, it } from 'vitest';
import { portsFor } from '../../dev/src/stack/ports.ts';
import { stackEnv } from '../../dev/src/stack/services.ts';
import { hostOf, nonLocalEndpoints } from './endpoints.ts';

describe('nonLocalEndpoints', () => {
  it('finds nothing to refuse in the bench stack’s own environment', () => {
    expect(nonLocalEndpoints(stackEnv(portsFor('bench', 0)))).toEqual([]);
  });

  it('names every variable that points off this machine, URL or host:port', () => {
    const env = {
      ...stackEnv(portsFor('bench', 0)),
      FIRESTORE_EMULATOR_HOST: 'localhost:11080',
      R2_ENDPOINT: 'https://account.r2.cloudflarestorage.com',
      GOOGLE_VERTEX_BASE_URL: 'http://10.0.0.5:8090',
    };
    expect(nonLocalEndpoints(env).sort()).toEqual([
      'FIRESTORE_EMULATOR_HOST=localhost:11080',
      'GOOGLE_VERTEX_BASE_URL=http://10.0.0.5:8090',
      'R2_ENDPOINT=https://account.r2.cloudflarestorage.com',
    ]);
  });

  it('leaves values that are not addresses alone', () => {
    expect(hostOf('demo-phoenix')).toBeNull();
    expect(hostOf('us-central1')).toBeNull();
    expect(hostOf('tasks-invoker@demo-phoenix.iam.gserviceaccount.com')).toBeNull();
    expect(hostOf('127.0.0.1:9099')).toBe('127.0.0.1');
  });
});
