import { createHash } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import {
  STARTING_GRANT_TOKENS,
  grantableEmail,
  ledgerEntryIds,
  moveTokens,
  paths,
  readAccountIn,
} from '@phoenix/core';
import { moneyTx } from '@phoenix/server';

/** How `ensureAccount` left the starting grant. */
export type StartingGrant = 'granted' | 'already-granted' | 'address-used' | 'unverified';

export interface EnsureAccountResponse {
  balance: number;
  grant: StartingGrant;
}

/** What the ID token says about the caller's address. */
export interface CallerIdentity {
  uid: string;
  token: { email?: unknown; email_verified?: unknown };
}

/**
 * Opens the caller's account (at 0 tokens) and gives the starting grant once
 * per verified address: the grant's marker `grants/{hash}` is created in the
 * same transaction as the grant line, so a second account with the same
 * address (or a deleted and re-created one) finds it and gets nothing. An
 * unverified address gets its grant on the first call after verification.
 */
export async function ensureAccountFor(
  db: Firestore,
  caller: CallerIdentity,
): Promise<EnsureAccountResponse> {
  const email = grantableEmail(caller.token);
  const grantPath = email ? paths.grant(createHash('sha256').update(email).digest('hex')) : null;
  return db.runTransaction(async (tx) => {
    const t = moneyTx(db, tx);
    const account = await readAccountIn(t, caller.uid);
    const granted = await t.get(paths.ledgerEntry(caller.uid, ledgerEntryIds.startingGrant));
    if (granted) return { balance: account.balance, grant: 'already-granted' as const };
    const marker = grantPath ? ((await t.get(grantPath)) as { uid: string } | undefined) : undefined;
    const now = t.serverTime();
    if (!grantPath || marker) {
      if (!account.exists)
        t.create(paths.account(caller.uid), { balance: 0, createdAt: now, updatedAt: now });
      return {
        balance: account.balance,
        grant: grantPath ? ('address-used' as const) : ('unverified' as const),
      };
    }
    t.create(grantPath, { uid: caller.uid, grantedAt: now });
    const balance = moveTokens(t, account, {
      entryId: ledgerEntryIds.startingGrant,
      kind: 'grant',
      tokens: STARTING_GRANT_TOKENS,
      jobId: null,
      reason: { code: 'starting_grant' },
    });
    return { balance, grant: 'granted' as const };
  });
}
