import type { ErrorCode } from './errors.ts';
import { imageModelLabel } from './models.ts';
import { videoModelLabel } from './video-models.ts';

/**
 * Why tokens moved, as data. Services write codes, never their own text (a
 * raw Cloud Tasks error would otherwise reach the user's ledger); the UI
 * renders them with {@link describeLedgerReason}.
 */
export type LedgerReason =
  | { code: 'starting_grant' }
  | { code: 'job_accepted'; count: number; model: string }
  | { code: 'video_accepted'; seconds: number; model: string }
  | { code: 'outputs_undelivered'; undelivered: number }
  | { code: 'job_failed'; error: ErrorCode }
  | { code: 'job_canceled' }
  /** An admin's grant; `note` is the reason the admin typed, shown to the user as is. */
  | { code: 'admin_grant'; note: string };

/** Why a failed job was refunded, as the end of "Refund: …" in a ledger line. */
const failureCauses: Record<ErrorCode, string> = {
  invalid_argument: 'the request was not valid',
  unauthenticated: 'you were signed out',
  permission_denied: 'the job was not yours',
  not_found: 'the job could not be found',
  already_exists: 'it had already been done',
  post_under_review: 'the post is under review',
  insufficient_tokens: 'there were not enough tokens',
  invalid_transition: 'the job had already moved on',
  job_not_cancelable: 'the job could not be canceled',
  safety_blocked: 'the safety filter blocked the prompt',
  model_unavailable: 'the image model was unavailable',
  overloaded: 'Phoenix was at capacity',
  queue_unavailable: 'the job could not be queued',
  timed_out: 'the job took too long',
  rate_limited: 'the hourly limit was reached',
  too_many_in_flight: 'too many jobs were running',
  daily_limit: 'the daily limit was reached',
  budget_exceeded: "the month's budget was reached",
  video_paused: 'video was paused',
  email_unverified: 'the email address was not verified',
  internal: 'something went wrong on our side',
};

export function describeLedgerReason(reason: LedgerReason): string {
  switch (reason.code) {
    case 'starting_grant':
      return 'Welcome tokens';
    case 'job_accepted':
      return `${reason.count} image${reason.count === 1 ? '' : 's'} with ${imageModelLabel(reason.model)}`;
    case 'video_accepted':
      return `${reason.seconds} s video with ${videoModelLabel(reason.model)}`;
    case 'outputs_undelivered':
      return `${reason.undelivered} image${reason.undelivered === 1 ? '' : 's'} not delivered, refunded`;
    case 'job_failed':
      return `Refund: ${failureCauses[reason.error] ?? failureCauses.internal}`;
    case 'job_canceled':
      return 'Refund: you canceled the job';
    case 'admin_grant':
      return `Gift from Phoenix: ${reason.note}`;
  }
}
