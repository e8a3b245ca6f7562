import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import {
  connectFunctionsEmulator,
  getFunctions,
  httpsCallable,
  type FunctionsError,
} from 'firebase/functions';
import { afterAll } from 'vitest';
import { testStack, uniquePrefix } from './support/stack.ts';

/** A user signed up in the Auth emulator who calls the callables over HTTP with the web SDK. */
export interface Caller {
  uid: string;
  email: string;
  call<Result>(name: string, data?: unknown): Promise<Result>;
  /** Fetches a fresh ID token, so claims and verification set since sign-up count. */
  refreshToken(): Promise<void>;
}

export interface SignUpOptions {
  /**
   * Follow the verification link (as the app's user does) and call
   * `ensureAccount`, so the user starts with the starting grant (default true).
   */
  verified?: boolean;
  /** Give the user the admin claim (default false). */
  admin?: boolean;
  /** The address to sign up with; default a fresh one. */
  email?: string;
}

/** Signs up fresh users against the test stack; `close()` deletes their web SDK apps. */
export function callers(): { signUp(options?: SignUpOptions): Promise<Caller>; close(): Promise<void> } {
  const { projectId, ports } = testStack();
  const apps: FirebaseApp[] = [];
  return {
    async signUp({ verified = true, admin = false, email = `${uniquePrefix('user')}@example.com` } = {}) {
      const app = initializeApp({ projectId, apiKey: 'demo-api-key' }, uniquePrefix('web'));
      apps.push(app);
      connectAuthEmulator(getAuth(app), `http://127.0.0.1:${ports.auth}`, { disableWarnings: true });
      connectFunctionsEmulator(getFunctions(app), '127.0.0.1', ports.functions ?? 0);
      const { user } = await createUserWithEmailAndPassword(getAuth(app), email, 'correct-horse-battery');
      const caller: Caller = {
        uid: user.uid,
        email,
        call: async <Result>(name: string, data?: unknown) =>
          (await httpsCallable<unknown, Result>(getFunctions(app), name)(data)).data,
        refreshToken: async () => {
          await user.getIdToken(true);
        },
      };
      if (verified || admin) {
        await updateAuthUser(user.uid, {
          ...(verified ? { emailVerified: true } : {}),
          ...(admin ? { customAttributes: JSON.stringify({ admin: true }) } : {}),
        });
        await caller.refreshToken();
      }
      if (verified) await caller.call('ensureAccount');
      return caller;
    },
    async close() {
      await Promise.all(apps.map((app) => deleteApp(app)));
    },
  };
}

/**
 * Changes a user as the Auth emulator's admin (what firebase-admin's
 * updateUser does): verified email, custom claims.
 */
export async function updateAuthUser(uid: string, fields: Record<string, unknown>): Promise<void> {
  const { projectId, ports } = testStack();
  const response = await fetch(
    `http://127.0.0.1:${ports.auth}/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts:update`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
      body: JSON.stringify({ localId: uid, ...fields }),
    },
  );
  if (!response.ok)
    throw new Error(`Auth emulator refused the update: ${response.status} ${await response.text()}`);
}

/** The error a callable was refused with; fails when the call went through. */
export async function refusalOf(call: Promise<unknown>): Promise<FunctionsError> {
  const error = await call.then(
    () => undefined,
    (rejection: unknown) => rejection as FunctionsError,
  );
  if (!error) throw new Error('expected the call to be refused');
  return error;
}

/**
 * What a callable test file needs: the test stack, web-SDK callers, and an
 * Admin SDK Firestore to seed and check with. Call it at the top of the file;
 * everything is closed after the file's tests.
 */
export function callableTestbed(): {
  stack: ReturnType<typeof testStack>;
  users: ReturnType<typeof callers>;
  db: Firestore;
} {
  const stack = testStack();
  // firebase-admin reads the emulator hosts when it first connects.
  stack.useEmulatorEnv();
  const admin = initializeAdminApp({ projectId: stack.projectId }, uniquePrefix('admin'));
  const users = callers();
  afterAll(async () => {
    await users.close();
    await deleteAdminApp(admin);
  });
  return { stack, users, db: getFirestore(admin) };
}
