import { z } from 'zod';
import { isStorableText, unstorableTextMessage } from './firestore-limits.ts';
import { postIdField } from './post-visibility.ts';

/**
 * Reports: any signed-in user may report a post once. Each report is kept at
 * `posts/{postId}/reports/{uid}` (no client can read it), so "once per user"
 * is the report document's existence, checked in the transaction that writes
 * it. The post carries `reportCount`, updated in that same transaction:
 * reports are rare, so the post takes at most a few of these writes in its
 * life, far below the one write per second a document sustains, and the
 * threshold check reads the exact count with no sharding.
 */

/** Distinct reporters that hide a post until an admin reviews it. */
export const REPORT_HIDE_THRESHOLD = 3;

/** Longest optional report text, in characters. */
export const REPORT_TEXT_MAX_CHARS = 500;

export const reportReasons = [
  'spam',
  'nudity',
  'violence',
  'hate',
  'harassment',
  'copyright',
  'other',
] as const;

export type ReportReason = (typeof reportReasons)[number];

/** What a reporter may pick, as the report form shows it. */
export const reportReasonLabels: Record<ReportReason, string> = {
  spam: 'Spam or scam',
  nudity: 'Nudity or sexual content',
  violence: 'Violence or gore',
  hate: 'Hate speech or symbols',
  harassment: 'Harassment of a real person',
  copyright: 'Copies someone else’s work',
  other: 'Something else',
};

export const reportPostRequestSchema = z
  .object({
    postId: postIdField,
    reason: z.enum(reportReasons),
    text: z
      .string()
      .trim()
      .max(REPORT_TEXT_MAX_CHARS)
      .refine(isStorableText, unstorableTextMessage)
      .optional(),
  })
  .strict();

export type ReportPostRequest = z.infer<typeof reportPostRequestSchema>;

/**
 * `counted` is false when the caller had already reported the post: a second
 * report is a no-op success (retries and double taps are harmless), not an
 * error. `hidden` says whether the post is now hidden for review.
 */
export interface ReportPostResponse {
  postId: string;
  counted: boolean;
  hidden: boolean;
}

/**
 * Why a post is hidden: by its owner, by reports until an admin reviews it,
 * or by a moderator for good (the post's `moderationNote` says why).
 */
export type HiddenReason = 'owner' | 'reported' | 'moderator';

/** The report fields a post may carry. */
export interface ReportedPostFields {
  hidden?: boolean;
  hiddenReason?: HiddenReason | null;
  reportCount?: number;
  /** A moderator's reason, shown to the owner, when `hiddenReason` is `moderator`. */
  moderationNote?: string | null;
}

export interface ReportDoc<Time> {
  reason: ReportReason;
  text: string | null;
  createdAt: Time;
}

/**
 * What one new report does to a post that exists and is not hidden: the new
 * count, and whether this report is the one that reaches the threshold (so
 * the post is hidden and its owner told, once).
 * @param threshold distinct reporters; default {@link REPORT_HIDE_THRESHOLD}.
 */
export function planReport(
  reportCountBefore: number,
  threshold: number = REPORT_HIDE_THRESHOLD,
): { reportCount: number; hide: boolean } {
  const reportCount = reportCountBefore + 1;
  return { reportCount, hide: reportCountBefore < threshold && reportCount >= threshold };
}
