import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import { doc, getDoc, setDoc, setLogLevel } from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { repoRoot } from '../dev/src/stack/launch.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

describe('firestore.rules', () => {
  let env: RulesTestEnvironment;
  const collection = uniquePrefix('anything');

  beforeAll(async () => {
    // Denials are the expected outcome here; the SDK would log each as an error.
    setLogLevel('silent');
    const { projectId, firestore } = testStack();
    env = await initializeTestEnvironment({
      projectId,
      firestore: { ...firestore, rules: readFileSync(join(repoRoot, 'firestore.rules'), 'utf8') },
    });
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), collection, 'seeded'), { by: 'server' });
    });
  });

  afterAll(async () => {
    await env.cleanup();
  });

  it('denies a signed-in client write', async () => {
    const db = env.authenticatedContext('alice').firestore();
    await assertFails(setDoc(doc(db, collection, 'mine'), { by: 'alice' }));
  });

  it('denies an anonymous client write', async () => {
    await assertFails(
      setDoc(doc(env.unauthenticatedContext().firestore(), collection, 'x'), { by: 'nobody' }),
    );
  });

  it('denies client reads of anything no rule opens', async () => {
    await assertFails(getDoc(doc(env.authenticatedContext('alice').firestore(), collection, 'seeded')));
  });

  it('still lets the server (rules bypassed) read what it wrote', async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      await assertSucceeds(getDoc(doc(context.firestore(), collection, 'seeded')));
    });
  });
});
