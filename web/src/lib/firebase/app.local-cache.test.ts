import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFirebaseConfig } from './config.ts';

// The SDK is replaced by recorders: this test is about which cache the app asks for.
const sdk = vi.hoisted(() => ({
  apps: [] as object[],
  initializeFirestore: vi.fn(),
  connectFirestoreEmulator: vi.fn(),
  enableNetwork: vi.fn(),
  /** What `enableNetwork` answers: how a cache the SDK could not fall back from shows. */
  startResult: Promise.resolve() as Promise<void>,
}));

vi.mock('firebase/app', () => ({
  getApps: () => sdk.apps,
  getApp: () => sdk.apps[0],
  initializeApp: (options: object) => {
    const app = { options };
    sdk.apps.push(app);
    return app;
  },
}));
vi.mock('firebase/auth', () => ({ getAuth: () => ({}), connectAuthEmulator: () => undefined }));
vi.mock('firebase/functions', () => ({
  getFunctions: () => ({}),
  connectFunctionsEmulator: () => undefined,
}));
vi.mock('firebase/firestore', () => ({
  getFirestore: (app: object) => ({ kind: 'db', app }),
  initializeFirestore: (app: object, settings: object) => {
    sdk.initializeFirestore(settings);
    return { kind: 'db', app };
  },
  memoryLocalCache: () => ({ kind: 'memory' }),
  persistentLocalCache: (options: object) => ({ kind: 'persistent', options }),
  persistentMultipleTabManager: () => ({ kind: 'multi-tab' }),
  enableNetwork: (db: object) => {
    sdk.enableNetwork(db);
    return sdk.startResult;
  },
  connectFirestoreEmulator: (...args: unknown[]) => {
    // The client must not have been started before the emulator is connected.
    expect(sdk.enableNetwork).not.toHaveBeenCalled();
    sdk.connectFirestoreEmulator(...args);
  },
}));

const { BROKEN_CACHE_KEY, BROKEN_CACHE_SKIP_MS, chooseLocalCache, getFirebase, resetFirebaseForTests } =
  await import('./app.ts');

/** A minimal `localStorage` and `location`, as a browser has them. */
function browser(stored: Record<string, string> = {}) {
  const store = new Map(Object.entries(stored));
  const reload = vi.fn();
  vi.stubGlobal('indexedDB', {});
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
  });
  vi.stubGlobal('location', { reload });
  return { store, reload };
}

beforeEach(() => {
  sdk.apps.length = 0;
  sdk.startResult = Promise.resolve();
  vi.clearAllMocks();
  resetFirebaseForTests();
});
afterEach(() => vi.unstubAllGlobals());

describe('chooseLocalCache', () => {
  const now = 1_800_000_000_000;
  it('uses IndexedDB where it exists and has not failed lately', () => {
    expect(chooseLocalCache({ indexedDb: true, brokenAtMs: null, nowMs: now })).toBe('persistent');
    expect(chooseLocalCache({ indexedDb: true, brokenAtMs: now - BROKEN_CACHE_SKIP_MS, nowMs: now })).toBe(
      'persistent',
    );
  });

  it('uses memory without IndexedDB, or for a day after the cache broke', () => {
    expect(chooseLocalCache({ indexedDb: false, brokenAtMs: null, nowMs: now })).toBe('memory');
    expect(chooseLocalCache({ indexedDb: true, brokenAtMs: now - 1000, nowMs: now })).toBe('memory');
  });
});

describe('getFirebase cache', () => {
  it('asks for the persistent cache shared by all tabs in a browser, and starts it after the emulator connects', () => {
    browser();
    const { db } = getFirebase(parseFirebaseConfig({}));
    expect(sdk.initializeFirestore).toHaveBeenCalledTimes(1);
    expect(sdk.initializeFirestore).toHaveBeenCalledWith({
      localCache: { kind: 'persistent', options: { tabManager: { kind: 'multi-tab' } } },
    });
    expect(sdk.connectFirestoreEmulator).toHaveBeenCalledTimes(1);
    expect(sdk.enableNetwork).toHaveBeenCalledWith(db);
  });

  it('uses a memory cache where IndexedDB is missing, and has nothing to watch', () => {
    getFirebase(parseFirebaseConfig({}));
    expect(sdk.initializeFirestore).toHaveBeenCalledWith({ localCache: { kind: 'memory' } });
    expect(sdk.enableNetwork).not.toHaveBeenCalled();
  });

  it('remembers a cache the SDK could not fall back from and reloads once, on memory', async () => {
    const { store, reload } = browser();
    let fail: (error: Error) => void = () => undefined;
    sdk.startResult = new Promise<void>((_, reject) => (fail = reject));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    getFirebase(parseFirebaseConfig({}));
    fail(new Error('UnknownError: the database is corrupt'));
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(Number(store.get(BROKEN_CACHE_KEY))).toBeGreaterThan(0);

    // The reloaded page: same storage, so memory, and no second reload.
    sdk.apps.length = 0;
    resetFirebaseForTests();
    vi.clearAllMocks();
    getFirebase(parseFirebaseConfig({}));
    expect(sdk.initializeFirestore).toHaveBeenCalledWith({ localCache: { kind: 'memory' } });
    expect(sdk.enableNetwork).not.toHaveBeenCalled();
  });

  it('keeps the Firestore of an app that already exists (module reloaded): its cache is set once', () => {
    browser();
    getFirebase(parseFirebaseConfig({}));
    resetFirebaseForTests();
    getFirebase(parseFirebaseConfig({}));
    expect(sdk.initializeFirestore).toHaveBeenCalledTimes(1);
    expect(sdk.enableNetwork).toHaveBeenCalledTimes(1);
  });
});
