import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, uniquePrefix } from './support/stack.ts';

describe('Firestore emulator through firebase-admin', () => {
  let app: App;
  let db: Firestore;

  beforeAll(() => {
    const stack = testStack();
    stack.useEmulatorEnv();
    app = initializeApp({ projectId: stack.projectId }, uniquePrefix('admin'));
    db = getFirestore(app);
  });

  afterAll(async () => {
    await deleteApp(app);
  });

  it('serialises 20 concurrent transactions on one counter to exactly 20', async () => {
    const counter = db.collection(uniquePrefix('counters')).doc('c');
    await counter.set({ value: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (transaction) => {
          const snapshot = await transaction.get(counter);
          transaction.update(counter, { value: (snapshot.get('value') as number) + 1 });
        }),
      ),
    );
    expect((await counter.get()).get('value')).toBe(20);
  });
});
