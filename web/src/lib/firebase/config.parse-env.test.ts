import { describe, expect, it } from 'vitest';
import { DEMO_DEFAULTS, FirebaseConfigError, parseEmulatorHost, parseFirebaseConfig } from './config.ts';

const REAL = {
  VITE_FIREBASE_PROJECT_ID: 'phoenix-prod-1',
  VITE_FIREBASE_API_KEY: 'AIzaSyExampleExampleExample',
  VITE_FIREBASE_APP_ID: '1:123:web:abc',
};

describe('parseFirebaseConfig', () => {
  it('falls back to the demo project with all three emulators', () => {
    expect(parseFirebaseConfig({})).toEqual({
      options: {
        apiKey: 'demo-api-key',
        authDomain: 'demo-phoenix.firebaseapp.com',
        projectId: 'demo-phoenix',
      },
      functionsRegion: 'us-central1',
      emulators: {
        auth: { host: '127.0.0.1', port: 9099 },
        firestore: { host: '127.0.0.1', port: 8080 },
        functions: { host: '127.0.0.1', port: 5001 },
      },
    });
    expect(DEMO_DEFAULTS.projectId).toBe('demo-phoenix');
  });

  it('treats empty and blank variables as unset', () => {
    const config = parseFirebaseConfig({
      VITE_FIREBASE_PROJECT_ID: '',
      VITE_EMULATOR_FIRESTORE: '   ',
      VITE_FIREBASE_FUNCTIONS_REGION: undefined,
    });
    expect(config.options.projectId).toBe('demo-phoenix');
    expect(config.emulators?.firestore).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.functionsRegion).toBe('us-central1');
  });

  it('takes emulator hosts and region from the env', () => {
    const config = parseFirebaseConfig({
      VITE_EMULATOR_AUTH: 'localhost:19099',
      VITE_EMULATOR_FIRESTORE: '[::1]:18080',
      VITE_EMULATOR_FUNCTIONS: '10.0.0.5:15001',
      VITE_FIREBASE_FUNCTIONS_REGION: 'europe-west1',
    });
    expect(config.emulators).toEqual({
      auth: { host: 'localhost', port: 19099 },
      firestore: { host: '[::1]', port: 18080 },
      functions: { host: '10.0.0.5', port: 15001 },
    });
    expect(config.functionsRegion).toBe('europe-west1');
  });

  it('uses the real project without emulators when fully configured', () => {
    const config = parseFirebaseConfig({
      ...REAL,
      VITE_FIREBASE_AUTH_DOMAIN: 'studio.example.com',
      VITE_FIREBASE_STORAGE_BUCKET: 'phoenix-prod-1.appspot.com',
      VITE_FIREBASE_MESSAGING_SENDER_ID: '123',
    });
    expect(config.emulators).toBeNull();
    expect(config.options).toEqual({
      apiKey: REAL.VITE_FIREBASE_API_KEY,
      appId: REAL.VITE_FIREBASE_APP_ID,
      authDomain: 'studio.example.com',
      projectId: 'phoenix-prod-1',
      storageBucket: 'phoenix-prod-1.appspot.com',
      messagingSenderId: '123',
    });
  });

  it('lets a real project opt into the emulators', () => {
    const config = parseFirebaseConfig({
      VITE_FIREBASE_PROJECT_ID: 'phoenix-prod-1',
      VITE_USE_EMULATORS: 'true',
    });
    expect(config.emulators?.auth.port).toBe(9099);
    expect(config.options.apiKey).toBe('demo-api-key');
  });

  it('refuses a real project without its api key or app id', () => {
    expect(() => parseFirebaseConfig({ VITE_FIREBASE_PROJECT_ID: 'phoenix-prod-1' })).toThrow(
      /VITE_FIREBASE_API_KEY and VITE_FIREBASE_APP_ID must be set/,
    );
  });

  it('refuses a demo project without emulators', () => {
    expect(() => parseFirebaseConfig({ VITE_USE_EMULATORS: 'false' })).toThrow(
      /demo project and only works with emulators/,
    );
  });

  it.each([
    ['VITE_FIREBASE_PROJECT_ID', 'Demo_Phoenix'],
    ['VITE_FIREBASE_PROJECT_ID', 'abc'],
    ['VITE_FIREBASE_FUNCTIONS_REGION', 'us central'],
    ['VITE_USE_EMULATORS', 'yes'],
    ['VITE_EMULATOR_AUTH', '127.0.0.1'],
    ['VITE_EMULATOR_FIRESTORE', 'http://127.0.0.1:8080'],
    ['VITE_EMULATOR_FUNCTIONS', '127.0.0.1:70000'],
  ] as const)('names the variable when %s is "%s"', (key, raw) => {
    const run = () => parseFirebaseConfig({ [key]: raw });
    expect(run).toThrow(FirebaseConfigError);
    expect(run).toThrow(key);
  });
});

describe('parseEmulatorHost', () => {
  it('splits host and port', () => {
    expect(parseEmulatorHost('127.0.0.1:8080', 'X')).toEqual({ host: '127.0.0.1', port: 8080 });
  });

  it.each([':8080', 'host:', 'host:0', 'host:abc', 'ho st:1'])('rejects "%s"', (raw) => {
    expect(() => parseEmulatorHost(raw, 'X')).toThrow(/X must look like/);
  });
});
