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
  call<Result>(name: string, data?: unknown): Promise<Result>;
}

/** Signs up fresh users against the test stack; `close()` deletes their web SDK apps. */
export function callers(): { signUp(): Promise<Caller>; close(): Promise<void> } {
  const { projectId, ports } = testStack();
  const apps: FirebaseApp[] = [];
  return {
    async signUp() {
      const app = initializeApp({ projectId, apiKey: 'demo-api-key' }, uniquePrefix('web'));
      apps.push(app);
      connectAuthEmulator(getAuth(app), `http://127.0.0.1:${ports.auth}`, { disableWarnings: true });
      connectFunctionsEmulator(getFunctions(app), '127.0.0.1', ports.functions ?? 0);
      const email = `${uniquePrefix('user')}@example.com`;
      const { user } = await createUserWithEmailAndPassword(getAuth(app), email, 'correct-horse-battery');
      return {
        uid: user.uid,
        call: async <Result>(name: string, data?: unknown) =>
          (await httpsCallable<unknown, Result>(getFunctions(app), name)(data)).data,
      };
    },
    async close() {
      await Promise.all(apps.map((app) => deleteApp(app)));
    },
  };
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
