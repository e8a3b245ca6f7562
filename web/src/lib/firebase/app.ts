/**
 * The one Firebase handle of the web app. Every Firebase SDK call in Phoenix
 * lives under `src/lib/firebase/`; pages and components only see the stores
 * and functions exported from here.
 *
 * Firestore keeps its cache in IndexedDB (`persistentLocalCache`, shared by
 * every open tab), so a repeat visit paints the feed from the last visit's
 * documents before the network answers. Where IndexedDB is missing or
 * refused (private windows, a full disk), the SDK itself falls back to a
 * memory cache and logs a warning. A cache failure it does not recognise
 * (a corrupt database) would leave every read failing, so that is watched
 * for here: the page reloads once, on a memory cache, and skips the broken
 * cache for a day. An empty cache (first visit, cleared site data) is
 * normal: the feed waits for the server rather than saying "no posts".
 */
import { getApp, getApps, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, type Auth } from 'firebase/auth';
import {
  connectFirestoreEmulator,
  enableNetwork,
  getFirestore,
  initializeFirestore,
  memoryLocalCache,
  persistentLocalCache,
  persistentMultipleTabManager,
  type Firestore,
} from 'firebase/firestore';
import { readFirebaseConfig, type FirebaseWebConfig } from './config.ts';

export interface FirebaseServices {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  /** The config the services were made from; `callable.ts` connects Functions from it. */
  config: FirebaseWebConfig;
}

let services: FirebaseServices | undefined;

/** Where the time of the last broken-cache failure is kept (localStorage, epoch ms). */
export const BROKEN_CACHE_KEY = 'phoenix.firestore-cache-broken-at';

/** How long a cache that failed is skipped, in ms: a day. */
export const BROKEN_CACHE_SKIP_MS = 24 * 60 * 60 * 1000;

export interface CacheEnvironment {
  /** `indexedDB` exists (not in Node, nor in some locked-down browsers). */
  indexedDb: boolean;
  /** When the persistent cache last failed here (epoch ms), if it did. */
  brokenAtMs: number | null;
  nowMs: number;
}

/** Which Firestore cache to start with. Pure. */
export function chooseLocalCache(env: CacheEnvironment): 'persistent' | 'memory' {
  if (!env.indexedDb) return 'memory';
  const recentlyBroken = env.brokenAtMs !== null && env.nowMs - env.brokenAtMs < BROKEN_CACHE_SKIP_MS;
  return recentlyBroken ? 'memory' : 'persistent';
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Reading `localStorage` itself throws where site data is blocked.
    return undefined;
  }
}

function readCacheEnvironment(): CacheEnvironment {
  const stored = Number(storage()?.getItem(BROKEN_CACHE_KEY) ?? Number.NaN);
  return {
    // Through globalThis: this module is also compiled for Node, where neither global exists.
    indexedDb: (globalThis as { indexedDB?: unknown }).indexedDB !== undefined,
    brokenAtMs: Number.isFinite(stored) ? stored : null,
    nowMs: Date.now(),
  };
}

function createFirestore(app: FirebaseApp): { db: Firestore; persistent: boolean } {
  const persistent = chooseLocalCache(readCacheEnvironment()) === 'persistent';
  const localCache = persistent
    ? persistentLocalCache({ tabManager: persistentMultipleTabManager() })
    : memoryLocalCache();
  return { db: initializeFirestore(app, { localCache }), persistent };
}

/**
 * Starts the client now, so a cache the SDK could not fall back from shows
 * at once. That failure is remembered, and the page reloads on a memory
 * cache; the remembered time keeps the reload from ever repeating.
 */
function watchForBrokenCache(db: Firestore): void {
  enableNetwork(db).catch((error: unknown) => {
    console.warn('The offline cache could not be opened; reloading without it.', error);
    storage()?.setItem(BROKEN_CACHE_KEY, String(Date.now()));
    (globalThis as { location?: { reload(): void } }).location?.reload();
  });
}

/**
 * Returns the app and its services, creating them on first call.
 *
 * Lazy on purpose: pages that never touch Firebase (and the prerender/SSR
 * step, should one be added) do not load the SDK or open connections.
 * Functions is not among them: `callable.ts` loads that SDK on the first call.
 * The emulators are connected exactly once, right after the services are
 * created: the SDK throws if Firestore is reconfigured after first use, and
 * a second `connectAuthEmulator` logs a warning.
 *
 * @param config Defaults to the `VITE_*` build-time config; tests pass their own.
 */
export function getFirebase(config: FirebaseWebConfig = readFirebaseConfig()): FirebaseServices {
  if (services) return services;

  // A hot module reload re-runs this module but keeps the SDK's registry;
  // reuse the app (and its Firestore, whose cache is set once) instead of
  // throwing `app/duplicate-app`.
  const fresh = getApps().length === 0;
  const app = fresh ? initializeApp(config.options) : getApp();
  const auth = getAuth(app);
  const { db, persistent } = fresh ? createFirestore(app) : { db: getFirestore(app), persistent: false };

  if (fresh && config.emulators) {
    const { auth: authHost, firestore } = config.emulators;
    connectAuthEmulator(auth, `http://${authHost.host}:${authHost.port}`, {
      disableWarnings: true,
    });
    connectFirestoreEmulator(db, firestore.host, firestore.port);
  }
  // After the emulator is connected: starting the client freezes its settings.
  if (persistent) watchForBrokenCache(db);

  services = { app, auth, db, config };
  return services;
}

/** Forgets the cached services. For tests only. */
export function resetFirebaseForTests(): void {
  services = undefined;
}
