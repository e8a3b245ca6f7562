import { randomUUID } from 'node:crypto';
import type { Auth, UserRecord } from 'firebase-admin/auth';
import type { Firestore } from 'firebase-admin/firestore';
import {
  PhoenixError,
  findUserRequestSchema,
  grantTokensRequestSchema,
  ledgerEntryIds,
  moveTokens,
  parseRequest,
  paths,
  readAccountIn,
  tokensGrantedNotification,
  usernameKey,
  type AccountDoc,
  type FoundUser,
} from '@phoenix/core';
import { moneyTx } from '@phoenix/server';
import { writeNotification } from '../notifications/write.ts';

/**
 * `grantTokens({ uid, tokens, reason, requestId? })`: an admin's gift, booked
 * as its own ledger kind with the reason as its note, and told to the user.
 * The ledger line's id comes from `requestId`, so a retried grant books once.
 */
export async function grantTokensFor(db: Firestore, auth: Auth, data: unknown): Promise<{ balance: number }> {
  const { uid, tokens, reason, requestId } = parseRequest(grantTokensRequestSchema, data);
  await auth.getUser(uid).catch(() => {
    throw new PhoenixError('not_found', 'There is no user with that id.', 'uid');
  });
  const entryId = ledgerEntryIds.adminGrant(requestId ?? randomUUID());
  return db.runTransaction(async (tx) => {
    const t = moneyTx(db, tx);
    const account = await readAccountIn(t, uid);
    const granted = await t.get(paths.ledgerEntry(uid, entryId));
    if (granted) return { balance: account.balance };
    const balance = moveTokens(t, account, {
      entryId,
      kind: 'admin_grant',
      tokens,
      jobId: null,
      reason: { code: 'admin_grant', note: reason },
    });
    writeNotification(tx, db, uid, tokensGrantedNotification(entryId, tokens, reason));
    return { balance };
  });
}

/** `findUser({ query })`: by email address (through Auth) or by username (through the claim index). */
export async function findUserFor(db: Firestore, auth: Auth, data: unknown): Promise<{ users: FoundUser[] }> {
  const { query } = parseRequest(findUserRequestSchema, data);
  let record: UserRecord | undefined;
  if (query.includes('@')) {
    record = await auth.getUserByEmail(query).catch(() => undefined);
  } else {
    const claim = (await db.doc(paths.username(usernameKey(query.replace(/^@/, '')))).get()).data() as
      { uid: string } | undefined;
    if (claim) record = await auth.getUser(claim.uid).catch(() => undefined);
  }
  if (!record) return { users: [] };
  const [profile, account] = await Promise.all([
    db.doc(paths.profile(record.uid)).get(),
    db.doc(paths.account(record.uid)).get(),
  ]);
  return {
    users: [
      {
        uid: record.uid,
        email: record.email ?? null,
        username: (profile.get('username') as string | undefined) ?? null,
        balance: (account.data() as AccountDoc | undefined)?.balance ?? null,
        disabled: record.disabled,
        createdAt: record.metadata.creationTime ?? null,
      },
    ],
  };
}
