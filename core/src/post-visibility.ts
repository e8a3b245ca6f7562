import { z } from 'zod';
import { PhoenixError } from './errors.ts';
import { isReservedDocumentId } from './firestore-limits.ts';
import type { HiddenReason } from './reports.ts';

/**
 * Who may see a post. A post is public while `hidden` is false. Its owner may
 * hide it (it leaves the feed and their profile for everyone else) and unhide
 * it again; reports can hide it too, and then only an admin's review brings
 * it back, so the owner cannot undo a report by unhiding.
 */

export const postIdField = z
  .string('Say which post.')
  .min(1, 'Say which post.')
  .max(200, 'That is not a post id.')
  .regex(/^[A-Za-z0-9_-]+$/, 'That is not a post id.')
  .refine((id) => !isReservedDocumentId(id), 'That is not a post id.');

export const setOwnPostHiddenRequestSchema = z
  .object({
    postId: postIdField,
    hidden: z.boolean('hidden must be true or false.'),
  })
  .strict();

export type SetOwnPostHiddenRequest = z.infer<typeof setOwnPostHiddenRequestSchema>;

export interface SetOwnPostHiddenResponse {
  hidden: boolean;
}

/** The visibility fields of a post, as stored. */
export interface PostVisibility {
  ownerUid: string;
  hidden: boolean;
  hiddenReason: HiddenReason | null;
}

/** What `setOwnPostHidden` writes: the post's new fields and the owner's post count change. */
export type VisibilityPlan =
  | { kind: 'unchanged' }
  | {
      kind: 'change';
      patch: Pick<PostVisibility, 'hidden' | 'hiddenReason'>;
      /** Added to `profiles/{owner}.counts.posts`, which counts only public posts. */
      postsDelta: 1 | -1;
    };

/**
 * What the owner's hide or unhide does to a post. Someone else's post is
 * `permission_denied`; a post hidden by reports stays hidden until review
 * (`post_under_review`); asking for the state the post is in changes nothing.
 */
export function planPostVisibility(post: PostVisibility, uid: string, hidden: boolean): VisibilityPlan {
  if (post.ownerUid !== uid) {
    throw new PhoenixError('permission_denied', 'Only the person who made this post can hide or show it.');
  }
  if (post.hidden && post.hiddenReason === 'reported') {
    if (hidden) return { kind: 'unchanged' };
    throw new PhoenixError('post_under_review');
  }
  if (post.hidden === hidden) return { kind: 'unchanged' };
  return hidden
    ? { kind: 'change', patch: { hidden: true, hiddenReason: 'owner' }, postsDelta: -1 }
    : { kind: 'change', patch: { hidden: false, hiddenReason: null }, postsDelta: 1 };
}
