/**
 * The one Firebase handle of the web app. Every Firebase SDK call in Phoenix
 * lives under `src/lib/firebase/`; pages and components only see the stores
 * and functions exported from here.
 */
import { type FirebaseApp } from 'firebase/app';
import { type Auth } from 'firebase/auth';
import { type Firestore } from 'firebase/firestore';
import { type Functions } from 'firebase/functions';
import { type FirebaseWebConfig } from './config.ts';
export interface FirebaseServices {
    app: FirebaseApp;
    auth: Auth;
    db: Firestore;
    functions: Functions;
}
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
export declare function getFirebase(config?: FirebaseWebConfig): FirebaseServices;
/** Forgets the cached services. For tests only. */
export declare function resetFirebaseForTests(): void;
