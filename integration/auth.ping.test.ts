import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth, signOut } from 'firebase/auth';
import {
  connectFunctionsEmulator,
  getFunctions,
  httpsCallable,
  type FunctionsError,
} from 'firebase/functions';
import type { PingResponse } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, uniquePrefix } from './support/stack.ts';

describe('Auth emulator → ping callable', () => {
  let app: FirebaseApp;

  beforeAll(() => {
    const { projectId, ports } = testStack();
    app = initializeApp({ projectId, apiKey: 'demo-api-key' }, uniquePrefix('web'));
    connectAuthEmulator(getAuth(app), `http://127.0.0.1:${ports.auth}`, { disableWarnings: true });
    connectFunctionsEmulator(getFunctions(app), '127.0.0.1', ports.functions ?? 0);
  });

  afterAll(async () => {
    await deleteApp(app);
  });

  const ping = (data: unknown) => httpsCallable<unknown, PingResponse>(getFunctions(app), 'ping')(data);

  async function codeOf(call: Promise<unknown>): Promise<{ code: string; message: string }> {
    const error = (await call.then(
      () => undefined,
      (rejection: unknown) => rejection,
    )) as FunctionsError | undefined;
    if (!error) throw new Error('expected the call to be refused');
    return { code: error.code, message: error.message };
  }

  it('accepts the ID token of a user who signed up with email and password', async () => {
    const auth = getAuth(app);
    const email = `${uniquePrefix('user')}@example.com`;
    const { user } = await createUserWithEmailAndPassword(auth, email, 'correct-horse-battery');
    const result = await ping({ echo: '  hello  ' });
    expect(result.data.uid).toBe(user.uid);
    expect(result.data.echo).toBe('hello');
    expect(Date.parse(result.data.at)).not.toBeNaN();
  });

  it('refuses bad input with invalid-argument naming the field', async () => {
    const refused = await codeOf(ping({ echo: 'x'.repeat(201) }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.message).toMatch(/^echo: /);
  });

  it('refuses a caller who is not signed in', async () => {
    await signOut(getAuth(app));
    const refused = await codeOf(ping({}));
    expect(refused.code).toBe('functions/unauthenticated');
    expect(refused.message).toMatch(/^You are signed out\. Sign in and try again\./);
  });
});
