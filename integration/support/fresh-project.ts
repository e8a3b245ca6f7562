import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll } from 'vitest';
import { testStack, uniquePrefix } from './stack.ts';

/**
 * For tests of work on global documents (a rollup's output), which no
 * collection prefix keeps apart: call at a test file's top level, then call
 * what it returns for the emulator's Firestore on a project no other test
 * uses. Its admin apps are deleted after the file.
 */
export function freshProjects(label: string): () => Firestore {
  const stack = testStack();
  const apps: App[] = [];
  beforeAll(() => {
    stack.useEmulatorEnv();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => deleteApp(app)));
  });
  return () => {
    // A `demo-` project never reaches a real one: the emulators serve it offline.
    const app = initializeApp({ projectId: uniquePrefix(`demo-${label}`) }, uniquePrefix('admin'));
    apps.push(app);
    return getFirestore(app);
  };
}
