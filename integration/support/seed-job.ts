import {
  imageModelById,
  ledgerEntryIds,
  newImageJob,
  outputPrice,
  paths,
  STARTING_GRANT_TOKENS,
  type ImageRequest,
  type JobDoc,
  type LedgerReason,
  type Quote,
} from '@phoenix/core';
import { FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { uniquePrefix } from './stack.ts';

export interface SeededJob {
  jobId: string;
  uid: string;
  /** Tokens debited at accept. */
  tokens: number;
  /** The job's vendor cost reserved at accept, in micro-USD. */
  microUsd: number;
  /** The balance right after the debit. */
  balanceAfterDebit: number;
}

/**
 * The price a job was quoted when it was accepted, from the catalogue's
 * price for its model and size. Unlike `quoteImageJob` it prices a retired
 * model too, as for a job accepted while that model was offered (or in a
 * project that still has access): the Imagen adapter is still tested.
 */
export function quoteAtAccept(params: Pick<ImageRequest, 'model' | 'count' | 'imageSize'>): Quote {
  const model = imageModelById(params.model);
  // A fixture written before imageSize existed means the 1K it was made at.
  const price = model && outputPrice(model, params.imageSize ?? '1K');
  if (!price) throw new Error(`The catalogue has no price for ${params.model} at ${params.imageSize}.`);
  return { tokens: price.tokensPerOutput * params.count, microUsd: price.microUsdPerOutput * params.count };
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
  const quote = quoteAtAccept(params);
  const balanceAfterDebit = STARTING_GRANT_TOKENS - quote.tokens;
  const now = FieldValue.serverTimestamp();
  const batch = db.batch();
  batch.create(db.doc(paths.account(uid)), { balance: balanceAfterDebit, createdAt: now, updatedAt: now });
  batch.create(db.doc(paths.ledgerEntry(uid, ledgerEntryIds.startingGrant)), {
    kind: 'grant',
    tokens: STARTING_GRANT_TOKENS,
    balanceAfter: STARTING_GRANT_TOKENS,
    jobId: null,
    reason: { code: 'starting_grant' } satisfies LedgerReason,
    createdAt: now,
  });
  batch.create(db.doc(paths.ledgerEntry(uid, ledgerEntryIds.debit(jobId))), {
    kind: 'debit',
    tokens: -quote.tokens,
    balanceAfter: balanceAfterDebit,
    jobId,
    reason: { code: 'job_accepted', count: params.count, model: params.model } satisfies LedgerReason,
    createdAt: now,
  });
  batch.create(db.doc(paths.job(jobId)), {
    ...newImageJob<Timestamp | FieldValue>(uid, params, quote, now),
    ...job,
  });
  await batch.commit();
  return { jobId, uid, tokens: quote.tokens, microUsd: quote.microUsd, balanceAfterDebit };
}
