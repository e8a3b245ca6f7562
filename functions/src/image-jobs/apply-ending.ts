import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { jobEndingNotification, paths, type JobEnding } from '@phoenix/core';
import { moveTokens, readAccount } from '../accounts.ts';
import { writeNotification } from '../notifications/write.ts';

/**
 * Applies a core job ending (`planFailure`, `planCancel`) inside the
 * transaction that read the job: the job's new status and cost, and the
 * refund with its ledger line, and the owner's notification of it land
 * together or not at all. It reads the
 * owner's account, so call it after the transaction's other reads.
 */
export async function applyJobEnding(
  tx: Transaction,
  db: Firestore,
  ended: { jobId: string; uid: string; ending: JobEnding },
): Promise<void> {
  const { jobId, uid, ending } = ended;
  if (ending.refundTokens > 0) {
    const account = await readAccount(tx, db, uid);
    // The job was debited from this account, so it must be there; refunding into
    // a freshly opened one would hand out a second starting grant.
    if (account.isNew) throw new Error(`account ${uid} is missing, so job ${jobId} cannot be refunded`);
    moveTokens(tx, db, account, {
      entryId: ending.refundLedgerId,
      kind: 'refund',
      tokens: ending.refundTokens,
      jobId,
      reason: ending.refundReason,
    });
  }
  const now = FieldValue.serverTimestamp();
  tx.update(db.doc(paths.job(jobId)), { ...ending.jobPatch, updatedAt: now, finishedAt: now });
  writeNotification(tx, db, uid, jobEndingNotification(jobId, ending));
}
