import { STARTING_GRANT_TOKENS, type LedgerEntryDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { callableTestbed, updateAuthUser } from './functions.callers.ts';
import { uniquePrefix } from './support/stack.ts';

const { stack, users, db } = callableTestbed();

const ledgerIds = async (uid: string) =>
  (await db.collection(`accounts/${uid}/ledger`).get()).docs.map((doc) => doc.id);

async function deleteAuthUser(uid: string): Promise<void> {
  const response = await fetch(
    `http://127.0.0.1:${stack.ports.auth}/identitytoolkit.googleapis.com/v1/projects/${stack.projectId}/accounts:delete`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
      body: JSON.stringify({ localId: uid }),
    },
  );
  expect(response.ok).toBe(true);
}

describe('ensureAccount and the starting grant', () => {
  it('grants a verified address once, however often it is called', async () => {
    const user = await users.signUp();
    expect(await user.call('ensureAccount')).toEqual({
      balance: STARTING_GRANT_TOKENS,
      grant: 'already-granted',
    });
    expect(await ledgerIds(user.uid)).toEqual(['grant_start']);
    const line = (await db.doc(`accounts/${user.uid}/ledger/grant_start`).get()).data() as LedgerEntryDoc;
    expect(line).toMatchObject({ kind: 'grant', tokens: STARTING_GRANT_TOKENS, jobId: null });
  });

  it('grants nothing to an unverified address, then grants once it is verified', async () => {
    const user = await users.signUp({ verified: false });
    expect(await user.call('ensureAccount')).toEqual({ balance: 0, grant: 'unverified' });
    expect((await db.doc(`accounts/${user.uid}`).get()).get('balance')).toBe(0);
    expect(await ledgerIds(user.uid)).toEqual([]);

    await updateAuthUser(user.uid, { emailVerified: true });
    await user.refreshToken();
    expect(await user.call('ensureAccount')).toEqual({ balance: STARTING_GRANT_TOKENS, grant: 'granted' });
  });

  it('grants nothing more to an account deleted and made again with the same address', async () => {
    const email = `${uniquePrefix('again')}@example.com`;
    const first = await users.signUp({ email });
    await deleteAuthUser(first.uid);
    const second = await users.signUp({ email });
    expect(second.uid).not.toBe(first.uid);
    expect(await second.call('ensureAccount')).toEqual({ balance: 0, grant: 'address-used' });
    expect(await ledgerIds(second.uid)).toEqual([]);
  });

  it('treats Gmail aliases of one inbox as one address', async () => {
    const inbox = uniquePrefix('ada').replaceAll(/[^a-z0-9]/gi, '');
    await users.signUp({ email: `${inbox}@gmail.com` });
    const alias = await users.signUp({ email: `${inbox.slice(0, 2)}.${inbox.slice(2)}+art@googlemail.com` });
    expect(await alias.call('ensureAccount')).toEqual({ balance: 0, grant: 'address-used' });
  });
});
