import { createUserWithEmailAndPassword } from 'firebase/auth';
import { doc, onSnapshot } from 'firebase/firestore';
import type { PingResponse } from '@phoenix/core';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { deleteApp } from 'firebase/app';
import { afterAll, describe, expect, it } from 'vitest';
import { getFirebase, resetFirebaseForTests } from '../web/src/lib/firebase/app.ts';
import { callFunction, resetFunctionsForTests } from '../web/src/lib/firebase/callable.ts';
import { parseFirebaseConfig } from '../web/src/lib/firebase/config.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

// The web app's own Firebase lib, configured the way `npm start` configures
// the dev server, against the real emulators: its unit tests mock the SDK.
describe('web app Firebase lib against the emulators', () => {
  const { projectId, ports } = testStack();
  const firebase = getFirebase(
    parseFirebaseConfig({
      VITE_FIREBASE_PROJECT_ID: projectId,
      VITE_EMULATOR_AUTH: `127.0.0.1:${ports.auth}`,
      VITE_EMULATOR_FIRESTORE: `127.0.0.1:${ports.firestore}`,
      VITE_EMULATOR_FUNCTIONS: `127.0.0.1:${ports.functions}`,
    }),
  );

  afterAll(async () => {
    await deleteApp(firebase.app);
    resetFirebaseForTests();
    resetFunctionsForTests();
  });

  it('signs up through the Auth emulator and calls ping as that user, the Functions SDK loaded on that call', async () => {
    const email = `${uniquePrefix('web')}@example.com`;
    const { user } = await createUserWithEmailAndPassword(firebase.auth, email, 'correct-horse-battery');
    const answer = await callFunction<object, PingResponse>('ping', {});
    expect(answer.uid).toBe(user.uid);
  });

  it('reaches the Firestore emulator: the rules refuse a read no rule opens', async () => {
    testStack().useEmulatorEnv();
    const admin = initializeAdminApp({ projectId }, uniquePrefix('admin'));
    const path = `${uniquePrefix('private')}/doc`;
    await getAdminFirestore(admin).doc(path).set({ secret: true });
    const refusal = await new Promise<{ code: string }>((resolve, reject) => {
      onSnapshot(doc(firebase.db, path), () => reject(new Error('the rules let a client read')), resolve);
    });
    expect(refusal.code).toBe('permission-denied');
    await deleteAdminApp(admin);
  });
});
