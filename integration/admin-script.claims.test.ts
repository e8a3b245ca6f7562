import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../dev/src/stack/launch.ts';
import { callers } from './functions.callers.ts';
import { testStack } from './support/stack.ts';

const run = promisify(execFile);
const stack = testStack();
const users = callers();
afterAll(() => users.close());

/** `npm run admin -- <args>`, against the test stack's Auth emulator. */
function adminScript(...args: string[]) {
  return run(process.execPath, [join(repoRoot, 'functions/scripts/admin.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: stack.env.FIREBASE_AUTH_EMULATOR_HOST },
  });
}

async function claimsOf(uid: string): Promise<Record<string, unknown>> {
  const response = await fetch(
    `http://${stack.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/projects/${stack.projectId}/accounts:lookup`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
      body: JSON.stringify({ localId: [uid] }),
    },
  );
  const { users: found = [] } = (await response.json()) as { users?: { customAttributes?: string }[] };
  return JSON.parse(found[0]?.customAttributes ?? '{}') as Record<string, unknown>;
}

describe('npm run admin', () => {
  it('grants and revokes the admin claim by email, and the admin callables follow it', async () => {
    const user = await users.signUp();
    expect((await adminScript('grant', user.email)).stdout).toContain('is now an admin');
    expect(await claimsOf(user.uid)).toEqual({ admin: true });
    await user.refreshToken();
    await expect(user.call('getSpendSummary', { period: '2030-01' })).resolves.toMatchObject({
      period: '2030-01',
    });

    expect((await adminScript('revoke', user.email)).stdout).toContain('no longer an admin');
    expect(await claimsOf(user.uid)).toEqual({});
    await user.refreshToken();
    await expect(user.call('getSpendSummary', {})).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
  });

  it('says who it could not find, and how to call it', async () => {
    await expect(adminScript('grant', 'nobody-at-all@example.com')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No user signs in as nobody-at-all@example.com on the local stack'),
    });
    await expect(adminScript('promote', 'x@example.com')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run admin -- grant|revoke <email>'),
    });
  });
});
