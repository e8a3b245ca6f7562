import { z } from 'zod';
import { isReservedDocumentId, isStorableText, unstorableTextMessage } from './firestore-limits.ts';
import { postIdField, type PostVisibility } from './post-visibility.ts';
import { spendPeriodPattern } from './spend.ts';
import { isUsernameShaped } from './usernames.ts';

/**
 * Requests of the admin callables. Every one of them refuses a caller without
 * the `admin: true` custom claim (`permission_denied`) before it parses.
 */

export { adminClaim, assertAdmin, isAdminToken } from './admin-claim.ts';

const uidField = z
  .string('Say which user.')
  .min(1, 'Say which user.')
  .max(128, 'That is not a user id.')
  .regex(/^[A-Za-z0-9_-]+$/, 'That is not a user id.')
  .refine((uid) => !isReservedDocumentId(uid), 'That is not a user id.');

const reasonField = (what: string) =>
  z
    .string(`Give a reason for the ${what}.`)
    .trim()
    .min(3, `Give a reason for the ${what} (at least 3 characters).`)
    .max(200, 'Keep the reason under 200 characters.')
    .refine(isStorableText, unstorableTextMessage);

export const getSpendSummaryRequestSchema = z
  .object({ period: z.string().regex(spendPeriodPattern, 'period must be a month as YYYY-MM.').optional() })
  .strict();

/** Most tokens one admin grant may give; a larger gift is several grants, each with its reason. */
export const maxAdminGrantTokens = 10_000;

export const grantTokensRequestSchema = z
  .object({
    uid: uidField,
    tokens: z
      .number('tokens must be a number.')
      .int('tokens must be a whole number.')
      .min(1, 'Grant at least 1 token.')
      .max(maxAdminGrantTokens, `Grant at most ${maxAdminGrantTokens} tokens at once.`),
    reason: reasonField('grant'),
    /** Makes a retried grant book once; the console sends a fresh one per grant. */
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, 'requestId must be 16–64 letters, digits, - or _.')
      .optional(),
  })
  .strict();

export const setPostHiddenRequestSchema = z
  .object({
    postId: postIdField,
    hidden: z.boolean('hidden must be true or false.'),
    reason: reasonField('decision'),
  })
  .strict();
export type SetPostHiddenRequest = z.output<typeof setPostHiddenRequestSchema>;

export const imageServiceNames = ['image', 'video'] as const;
export type ServiceName = (typeof imageServiceNames)[number];

export const setServiceMaxInstancesRequestSchema = z
  .object({
    service: z.enum(imageServiceNames, "service must be 'image' or 'video'."),
    maxInstances: z
      .number('maxInstances must be a number.')
      .int('maxInstances must be a whole number.')
      // Cloud Run reads a service-level max of 0 as no limit at all.
      .min(1, 'maxInstances must be at least 1.')
      .max(1000, 'maxInstances must be at most 1000.'),
  })
  .strict();

export const findUserRequestSchema = z
  .object({
    query: z
      .string('Type an email address or a username.')
      .trim()
      .min(2, 'Type an email address or a username.')
      .max(320, 'That is too long for an email address or a username.')
      // Without an `@` the query is looked up as a username, so it must be one that could exist.
      .refine(
        (query) => query.includes('@') || isUsernameShaped(query),
        'Type an email address or a username.',
      ),
  })
  .strict();

export interface FoundUser {
  uid: string;
  email: string | null;
  username: string | null;
  balance: number | null;
  disabled: boolean;
  createdAt: string | null;
}

/**
 * What a moderator's decision does to a post: restore it (public again,
 * counted on the owner's profile) or hide it for good with the reason the
 * owner is told. Asking for the state the post is in changes nothing.
 */
export type ModerationPlan =
  | { kind: 'unchanged' }
  | {
      kind: 'change';
      patch: Pick<PostVisibility, 'hidden' | 'hiddenReason'> & { moderationNote: string | null };
      /** Added to the owner's `counts.posts`, which counts only public posts. */
      postsDelta: -1 | 0 | 1;
    };

export function planModeration(post: PostVisibility, hidden: boolean, reason: string): ModerationPlan {
  if (!hidden) {
    if (!post.hidden) return { kind: 'unchanged' };
    return {
      kind: 'change',
      patch: { hidden: false, hiddenReason: null, moderationNote: null },
      postsDelta: 1,
    };
  }
  if (post.hidden && post.hiddenReason === 'moderator') return { kind: 'unchanged' };
  return {
    kind: 'change',
    patch: { hidden: true, hiddenReason: 'moderator', moderationNote: reason },
    // A post its owner or reports already hid is already off the profile count.
    postsDelta: post.hidden ? 0 : -1,
  };
}
