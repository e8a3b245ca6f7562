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
export type FirebaseEnvKey = 'VITE_FIREBASE_API_KEY' | 'VITE_FIREBASE_AUTH_DOMAIN' | 'VITE_FIREBASE_PROJECT_ID' | 'VITE_FIREBASE_STORAGE_BUCKET' | 'VITE_FIREBASE_MESSAGING_SENDER_ID' | 'VITE_FIREBASE_APP_ID' | 'VITE_FIREBASE_FUNCTIONS_REGION' | 'VITE_USE_EMULATORS' | 'VITE_EMULATOR_AUTH' | 'VITE_EMULATOR_FIRESTORE' | 'VITE_EMULATOR_FUNCTIONS';
/** Values used when a variable is unset or empty: the local demo stack. */
export declare const DEMO_DEFAULTS: {
    readonly projectId: "demo-phoenix";
    readonly apiKey: "demo-api-key";
    readonly functionsRegion: "us-central1";
    readonly emulators: {
        readonly auth: "127.0.0.1:9099";
        readonly firestore: "127.0.0.1:8080";
        readonly functions: "127.0.0.1:5001";
    };
};
/** Thrown when the env holds a value that cannot be right; the message names the variable. */
export declare class FirebaseConfigError extends Error {
    name: string;
}
/**
 * Parses `host:port` (IPv6 in brackets: `[::1]:8080`).
 * @throws FirebaseConfigError naming `key` when malformed.
 */
export declare function parseEmulatorHost(raw: string, key: string): EmulatorHost;
/**
 * Builds the validated web config from an env record, filling demo defaults.
 * @throws FirebaseConfigError on a malformed value, or when a non-demo project
 *   would run without emulators but lacks its real `apiKey`/`appId`.
 */
export declare function parseFirebaseConfig(env: FirebaseEnv): FirebaseWebConfig;
/** The config for this build, from the `VITE_*` variables Vite inlined. */
export declare function readFirebaseConfig(): FirebaseWebConfig;
