import {
  deleteApp as deleteAdminApp,
  initializeApp as initializeAdminApp,
  type App,
} from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import {
  connectFirestoreEmulator,
  doc,
  getFirestore,
  onSnapshot,
  type DocumentData,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, uniquePrefix } from './support/stack.ts';

describe('Firestore emulator through the web SDK', () => {
  let adminApp: App;
  let webApp: FirebaseApp;

  beforeAll(() => {
    const stack = testStack();
    stack.useEmulatorEnv();
    adminApp = initializeAdminApp({ projectId: stack.projectId }, uniquePrefix('admin'));
    webApp = initializeApp({ projectId: stack.projectId, apiKey: 'demo-api-key' }, uniquePrefix('web'));
  });

  afterAll(async () => {
    await deleteApp(webApp);
    await deleteAdminApp(adminApp);
  });

  it('delivers a server write to a live listener', async () => {
    const { firestore } = testStack();
    const db = getFirestore(webApp);
    // The emulator treats the token "owner" as an admin: the rules deny every
    // client read for now, and this test is about the listener, not the rules.
    connectFirestoreEmulator(db, firestore.host, firestore.port, { mockUserToken: 'owner' });
    const path = `${uniquePrefix('live')}/doc`;

    let attached: () => void = () => {};
    const listening = new Promise<void>((resolve) => (attached = resolve));
    const arrived = new Promise<DocumentData>((resolve, reject) => {
      const unsubscribe = onSnapshot(
        doc(db, path),
        (snapshot) => {
          // The first snapshot is the missing document the listener starts on.
          if (!snapshot.exists()) return attached();
          unsubscribe();
          resolve(snapshot.data());
        },
        reject,
      );
    });

    await listening;
    await getAdminFirestore(adminApp).doc(path).set({ status: 'succeeded', n: 1 });
    expect(await arrived).toEqual({ status: 'succeeded', n: 1 });
  });
});
