import {
  ledgerEntryIds,
  newImageJob,
  paths,
  quoteImageJob,
  STARTING_GRANT_TOKENS,
  type ImageRequest,
  type JobDoc,
} from '@phoenix/core';
import { FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { uniquePrefix } from './stack.ts';

export interface SeededJob {
  jobId: string;
  uid: string;
  /** Tokens debited at accept. */
  tokens: number;
  /** The balance right after the debit. */
  balanceAfterDebit: number;
}

/**
 * A user whose starting grant paid for one accepted job, written as
 * `createImageJob` would leave it: the account, the grant and debit lines, and
 * the job. `job` overrides fields of the job, e.g. its status or a backdated
 * `createdAt`; its `uid`, if given, must not have an account yet.
 */
export async function seedDebitedJob(
  db: Firestore,
  params: ImageRequest,
  job: Partial<JobDoc<Timestamp | FieldValue>> = {},
): Promise<SeededJob> {
  const uid = job.uid ?? uniquePrefix('user');
  const jobId = uniquePrefix('job');
  const quote = quoteImageJob(params.model, params.count);
  const balanceAfterDebit = STARTING_GRANT_TOKENS - quote.tokens;
  const now = FieldValue.serverTimestamp();
  const batch = db.batch();
  batch.create(db.doc(paths.account(uid)), { balance: balanceAfterDebit, createdAt: now, updatedAt: now });
  batch.create(db.doc(paths.ledgerEntry(uid, ledgerEntryIds.startingGrant)), {
    kind: 'grant',
    tokens: STARTING_GRANT_TOKENS,
    balanceAfter: STARTING_GRANT_TOKENS,
    jobId: null,
    reason: 'Starting grant',
    createdAt: now,
  });
  batch.create(db.doc(paths.ledgerEntry(uid, ledgerEntryIds.debit(jobId))), {
    kind: 'debit',
    tokens: -quote.tokens,
    balanceAfter: balanceAfterDebit,
    jobId,
    reason: `Image job ${jobId}`,
    createdAt: now,
  });
  batch.create(db.doc(paths.job(jobId)), {
    ...newImageJob<Timestamp | FieldValue>(uid, params, quote, now),
    ...job,
  });
  await batch.commit();
  return { jobId, uid, tokens: quote.tokens, balanceAfterDebit };
}
