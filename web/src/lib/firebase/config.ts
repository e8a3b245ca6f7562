/**
 * Public Firebase web configuration, read from Vite's `VITE_*` build-time env.
 *
 * Everything here ends up in the browser bundle, and that is fine: a Firebase
 * web API key only identifies the project to Google's endpoints, it grants no
 * access by itself. Access is decided by Auth plus `firestore.rules` and the
 * checks inside the callables. Never put a real secret (service account,
 * provider key, R2 credentials) in a `VITE_*` variable: Vite inlines all of them.
 *
 * This module is pure (no SDK import) so it can be unit-tested without a browser.
 */

/** A `host:port` pair for one emulator. */
export interface EmulatorHost {
  host: string;
  port: number;
}

/** The emulators the web app talks to in local development and browser tests. */
export interface EmulatorConfig {
  auth: EmulatorHost;
  firestore: EmulatorHost;
  functions: EmulatorHost;
}

export interface FirebaseWebConfig {
  /** Options passed verbatim to `initializeApp`. */
  options: {
    apiKey: string;
    authDomain: string;
    projectId: string;
    storageBucket?: string;
    messagingSenderId?: string;
    appId?: string;
  };
  /** Region of the callable functions; `getFunctions` defaults to us-central1. */
  functionsRegion: string;
  /**
   * Emulator hosts, or `null` to talk to the real project. Emulators are on by
   * default for `demo-*` projects (which cannot exist in production) and can be
   * forced with `VITE_USE_EMULATORS=true|false`.
   */
  emulators: EmulatorConfig | null;
}

/** The raw env shape this module reads; all keys optional. */
export type FirebaseEnv = Partial<Record<FirebaseEnvKey, string | undefined>>;

export type FirebaseEnvKey =
  | 'VITE_FIREBASE_API_KEY'
  | 'VITE_FIREBASE_AUTH_DOMAIN'
  | 'VITE_FIREBASE_PROJECT_ID'
  | 'VITE_FIREBASE_STORAGE_BUCKET'
  | 'VITE_FIREBASE_MESSAGING_SENDER_ID'
  | 'VITE_FIREBASE_APP_ID'
  | 'VITE_FIREBASE_FUNCTIONS_REGION'
  | 'VITE_USE_EMULATORS'
  | 'VITE_EMULATOR_AUTH'
  | 'VITE_EMULATOR_FIRESTORE'
  | 'VITE_EMULATOR_FUNCTIONS';

/** Values used when a variable is unset or empty: the local demo stack. */
export const DEMO_DEFAULTS = {
  projectId: 'demo-phoenix',
  apiKey: 'demo-api-key',
  functionsRegion: 'us-central1',
  emulators: {
    auth: '127.0.0.1:9099',
    firestore: '127.0.0.1:8080',
    functions: '127.0.0.1:5001',
  },
} as const;

/** Thrown when the env holds a value that cannot be right; the message names the variable. */
export class FirebaseConfigError extends Error {
  override name = 'FirebaseConfigError';
}

// Firebase project ids: 6-30 chars, lowercase letters, digits and hyphens,
// starting with a letter and not ending with a hyphen.
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
// Cloud Functions regions look like `us-central1`, `europe-west1`, `asia-northeast1`.
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const HOSTNAME = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])$/;

function value(env: FirebaseEnv, key: FirebaseEnvKey): string | undefined {
  const raw = env[key]?.trim();
  return raw ? raw : undefined;
}

/**
 * Parses `host:port` (IPv6 in brackets: `[::1]:8080`).
 * @throws FirebaseConfigError naming `key` when malformed.
 */
export function parseEmulatorHost(raw: string, key: string): EmulatorHost {
  const at = raw.lastIndexOf(':');
  const host = at > 0 ? raw.slice(0, at) : '';
  const portText = at > 0 ? raw.slice(at + 1) : '';
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!HOSTNAME.test(host) || !(port >= 1 && port <= 65535)) {
    throw new FirebaseConfigError(`${key} must look like "127.0.0.1:8080", got "${raw}"`);
  }
  return { host, port };
}

function parseBoolean(raw: string | undefined, key: string): boolean | undefined {
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new FirebaseConfigError(`${key} must be true or false, got "${raw}"`);
}

/**
 * Builds the validated web config from an env record, filling demo defaults.
 * @throws FirebaseConfigError on a malformed value, or when a non-demo project
 *   would run without emulators but lacks its real `apiKey`/`appId`.
 */
export function parseFirebaseConfig(env: FirebaseEnv): FirebaseWebConfig {
  const projectId = value(env, 'VITE_FIREBASE_PROJECT_ID') ?? DEMO_DEFAULTS.projectId;
  if (!PROJECT_ID.test(projectId)) {
    throw new FirebaseConfigError(
      `VITE_FIREBASE_PROJECT_ID must be a Firebase project id, got "${projectId}"`,
    );
  }
  const isDemo = projectId.startsWith('demo-');

  const functionsRegion = value(env, 'VITE_FIREBASE_FUNCTIONS_REGION') ?? DEMO_DEFAULTS.functionsRegion;
  if (!REGION.test(functionsRegion)) {
    throw new FirebaseConfigError(
      `VITE_FIREBASE_FUNCTIONS_REGION must be a region like us-central1, got "${functionsRegion}"`,
    );
  }

  const useEmulators = parseBoolean(value(env, 'VITE_USE_EMULATORS'), 'VITE_USE_EMULATORS') ?? isDemo;

  const apiKey = value(env, 'VITE_FIREBASE_API_KEY');
  const appId = value(env, 'VITE_FIREBASE_APP_ID');
  if (!useEmulators) {
    // The real services reject the demo key with an opaque error at first use;
    // fail at start-up instead, naming what is missing.
    const missing = [apiKey ? null : 'VITE_FIREBASE_API_KEY', appId ? null : 'VITE_FIREBASE_APP_ID'].filter(
      (key): key is string => key !== null,
    );
    if (isDemo || missing.length > 0) {
      throw new FirebaseConfigError(
        isDemo
          ? `project "${projectId}" is a demo project and only works with emulators`
          : `${missing.join(' and ')} must be set to use the real project "${projectId}"`,
      );
    }
  }

  const options: FirebaseWebConfig['options'] = {
    apiKey: apiKey ?? DEMO_DEFAULTS.apiKey,
    authDomain: value(env, 'VITE_FIREBASE_AUTH_DOMAIN') ?? `${projectId}.firebaseapp.com`,
    projectId,
  };
  const storageBucket = value(env, 'VITE_FIREBASE_STORAGE_BUCKET');
  const messagingSenderId = value(env, 'VITE_FIREBASE_MESSAGING_SENDER_ID');
  if (storageBucket) options.storageBucket = storageBucket;
  if (messagingSenderId) options.messagingSenderId = messagingSenderId;
  if (appId) options.appId = appId;

  const emulators: EmulatorConfig | null = useEmulators
    ? {
        auth: parseEmulatorHost(
          value(env, 'VITE_EMULATOR_AUTH') ?? DEMO_DEFAULTS.emulators.auth,
          'VITE_EMULATOR_AUTH',
        ),
        firestore: parseEmulatorHost(
          value(env, 'VITE_EMULATOR_FIRESTORE') ?? DEMO_DEFAULTS.emulators.firestore,
          'VITE_EMULATOR_FIRESTORE',
        ),
        functions: parseEmulatorHost(
          value(env, 'VITE_EMULATOR_FUNCTIONS') ?? DEMO_DEFAULTS.emulators.functions,
          'VITE_EMULATOR_FUNCTIONS',
        ),
      }
    : null;

  return { options, functionsRegion, emulators };
}

/** The config for this build, from the `VITE_*` variables Vite inlined. */
export function readFirebaseConfig(): FirebaseWebConfig {
  return parseFirebaseConfig(import.meta.env as FirebaseEnv);
}
