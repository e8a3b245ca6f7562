import { errorCodes, type ErrorCode } from './errors.ts';
import { imageModelLabel } from './models.ts';

/**
 * Why tokens moved, as data. Services write codes, never their own text (a
 * raw Cloud Tasks error would otherwise reach the user's ledger); the UI
 * renders them with {@link describeLedgerReason}.
 */
export type LedgerReason =
  | { code: 'starting_grant' }
  | { code: 'job_accepted'; count: number; model: string }
  | { code: 'outputs_undelivered'; undelivered: number }
  | { code: 'job_failed'; error: ErrorCode }
  | { code: 'job_canceled' };

export function describeLedgerReason(reason: LedgerReason): string {
  switch (reason.code) {
    case 'starting_grant':
      return 'Welcome tokens';
    case 'job_accepted':
      return `${reason.count} image${reason.count === 1 ? '' : 's'} with ${imageModelLabel(reason.model)}`;
    case 'outputs_undelivered':
      return `${reason.undelivered} image${reason.undelivered === 1 ? '' : 's'} not delivered, refunded`;
    case 'job_failed':
      return `Refund: ${errorCodes[reason.error]?.message ?? errorCodes.internal.message}`;
    case 'job_canceled':
      return 'Refund: you canceled the job';
  }
}
