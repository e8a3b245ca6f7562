import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import { deleteDoc, doc, getDoc, setDoc, setLogLevel, updateDoc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { repoRoot } from '../dev/src/stack/launch.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

describe('firestore.rules: queue boards and video model stats', () => {
  let env: RulesTestEnvironment;
  const reader = uniquePrefix('waiting');

  beforeAll(async () => {
    setLogLevel('silent');
    const { projectId, firestore } = testStack();
    env = await initializeTestEnvironment({
      projectId,
      firestore: { ...firestore, rules: readFileSync(join(repoRoot, 'firestore.rules'), 'utf8') },
    });
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), 'queueBoards', 'video'), {
        kind: 'video',
        queuedCreatedAtMs: [],
      });
      await setDoc(doc(context.firestore(), 'videoModelStats', 'veo-3.1-fast-generate-001'), {
        recentMs: [1],
      });
    });
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  it('lets a signed-in user read a queue board, and nobody write one', async () => {
    const signedIn = env.authenticatedContext(reader).firestore();
    await assertSucceeds(getDoc(doc(signedIn, 'queueBoards', 'video')));
    await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), 'queueBoards', 'video')));
    await assertFails(
      setDoc(doc(signedIn, 'queueBoards', 'image'), { kind: 'image', queuedCreatedAtMs: [] }),
    );
    await assertFails(updateDoc(doc(signedIn, 'queueBoards', 'video'), { queuedCreatedAtMs: [1] }));
    await assertFails(deleteDoc(doc(signedIn, 'queueBoards', 'video')));
  });

  it('keeps the video workers’ latency stats to the servers', async () => {
    const signedIn = env.authenticatedContext(reader).firestore();
    await assertFails(getDoc(doc(signedIn, 'videoModelStats', 'veo-3.1-fast-generate-001')));
    await assertFails(
      setDoc(doc(signedIn, 'videoModelStats', 'veo-3.1-fast-generate-001'), { recentMs: [] }),
    );
  });
});
