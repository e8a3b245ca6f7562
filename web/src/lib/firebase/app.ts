/**
 * The one Firebase handle of the web app. Every Firebase SDK call in Phoenix
 * lives under `src/lib/firebase/`; pages and components only see the stores
 * and functions exported from here.
 */
import { getApp, getApps, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, type Auth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, type Firestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, type Functions } from 'firebase/functions';
import { readFirebaseConfig, type FirebaseWebConfig } from './config.ts';

export interface FirebaseServices {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  functions: Functions;
}

let services: FirebaseServices | undefined;

/**
 * Returns the app and its services, creating them on first call.
 *
 * Lazy on purpose: pages that never touch Firebase (and the prerender/SSR
 * step, should one be added) do not load the SDK or open connections.
 * The emulators are connected exactly once, right after the services are
 * created: the SDK throws if Firestore is reconfigured after first use, and
 * a second `connectAuthEmulator` logs a warning.
 *
 * @param config Defaults to the `VITE_*` build-time config; tests pass their own.
 */
export function getFirebase(config: FirebaseWebConfig = readFirebaseConfig()): FirebaseServices {
  if (services) return services;

  // A hot module reload re-runs this module but keeps the SDK's registry;
  // reuse the app instead of throwing `app/duplicate-app`.
  const fresh = getApps().length === 0;
  const app = fresh ? initializeApp(config.options) : getApp();
  const auth = getAuth(app);
  const db = getFirestore(app);
  const functions = getFunctions(app, config.functionsRegion);

  if (fresh && config.emulators) {
    const { auth: authHost, firestore, functions: functionsHost } = config.emulators;
    connectAuthEmulator(auth, `http://${authHost.host}:${authHost.port}`, {
      disableWarnings: true,
    });
    connectFirestoreEmulator(db, firestore.host, firestore.port);
    connectFunctionsEmulator(functions, functionsHost.host, functionsHost.port);
  }

  services = { app, auth, db, functions };
  return services;
}

/** Forgets the cached services. For tests only. */
export function resetFirebaseForTests(): void {
  services = undefined;
}
