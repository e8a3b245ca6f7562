import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFirebaseConfig } from './config.ts';

// The SDK is replaced by recorders: this test is about wiring, not Firebase.
const sdk = vi.hoisted(() => ({
  apps: [] as object[],
  initializeApp: vi.fn(),
  connectAuthEmulator: vi.fn(),
  connectFirestoreEmulator: vi.fn(),
  connectFunctionsEmulator: vi.fn(),
  getFunctions: vi.fn(),
}));

vi.mock('firebase/app', () => ({
  getApps: () => sdk.apps,
  getApp: () => sdk.apps[0],
  initializeApp: (options: object) => {
    sdk.initializeApp(options);
    const app = { options };
    sdk.apps.push(app);
    return app;
  },
}));
vi.mock('firebase/auth', () => ({
  getAuth: (app: object) => ({ kind: 'auth', app }),
  connectAuthEmulator: sdk.connectAuthEmulator,
}));
vi.mock('firebase/firestore', () => ({
  getFirestore: (app: object) => ({ kind: 'db', app }),
  initializeFirestore: (app: object) => ({ kind: 'db', app }),
  memoryLocalCache: () => ({ kind: 'memory' }),
  persistentLocalCache: () => ({ kind: 'persistent' }),
  persistentMultipleTabManager: () => ({}),
  enableNetwork: () => Promise.resolve(),
  connectFirestoreEmulator: sdk.connectFirestoreEmulator,
}));
vi.mock('firebase/functions', () => ({
  getFunctions: (app: object, region?: string) => {
    sdk.getFunctions(region);
    return { kind: 'functions', app, region };
  },
  connectFunctionsEmulator: sdk.connectFunctionsEmulator,
}));

const { getFirebase, resetFirebaseForTests } = await import('./app.ts');
const { loadFunctions, resetFunctionsForTests } = await import('./callable.ts');

beforeEach(() => {
  sdk.apps.length = 0;
  vi.clearAllMocks();
  resetFirebaseForTests();
  resetFunctionsForTests();
});

describe('getFirebase', () => {
  it('creates the services once and connects each emulator exactly once', async () => {
    const config = parseFirebaseConfig({ VITE_EMULATOR_FIRESTORE: '127.0.0.1:18080' });
    const first = getFirebase(config);
    const second = getFirebase(config);
    expect(sdk.getFunctions).not.toHaveBeenCalled();
    const functions = await loadFunctions();
    await loadFunctions();

    expect(second).toBe(first);
    expect(sdk.initializeApp).toHaveBeenCalledTimes(1);
    expect(sdk.initializeApp).toHaveBeenCalledWith(config.options);
    expect(sdk.connectAuthEmulator).toHaveBeenCalledTimes(1);
    expect(sdk.connectAuthEmulator).toHaveBeenCalledWith(first.auth, 'http://127.0.0.1:9099', {
      disableWarnings: true,
    });
    expect(sdk.connectFirestoreEmulator).toHaveBeenCalledTimes(1);
    expect(sdk.connectFirestoreEmulator).toHaveBeenCalledWith(first.db, '127.0.0.1', 18080);
    expect(sdk.connectFunctionsEmulator).toHaveBeenCalledTimes(1);
    expect(sdk.connectFunctionsEmulator).toHaveBeenCalledWith(functions, '127.0.0.1', 5001);
    expect(sdk.getFunctions).toHaveBeenCalledTimes(1);
  });

  it('passes the functions region, since callables outside us-central1 need it', async () => {
    getFirebase(parseFirebaseConfig({ VITE_FIREBASE_FUNCTIONS_REGION: 'europe-west1' }));
    await loadFunctions();
    expect(sdk.getFunctions).toHaveBeenCalledWith('europe-west1');
  });

  it('does not reconnect when the app already exists (module reloaded)', () => {
    getFirebase(parseFirebaseConfig({}));
    resetFirebaseForTests();
    getFirebase(parseFirebaseConfig({}));

    expect(sdk.initializeApp).toHaveBeenCalledTimes(1);
    expect(sdk.connectFirestoreEmulator).toHaveBeenCalledTimes(1);
  });

  it('connects nothing for a real project', async () => {
    getFirebase(
      parseFirebaseConfig({
        VITE_FIREBASE_PROJECT_ID: 'phoenix-prod-1',
        VITE_FIREBASE_API_KEY: 'key',
        VITE_FIREBASE_APP_ID: 'app',
      }),
    );
    await loadFunctions();
    expect(sdk.connectAuthEmulator).not.toHaveBeenCalled();
    expect(sdk.connectFirestoreEmulator).not.toHaveBeenCalled();
    expect(sdk.connectFunctionsEmulator).not.toHaveBeenCalled();
  });
});
