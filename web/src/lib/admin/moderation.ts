/**
 * The moderation queue: hidden posts, those hidden by reports first (they
 * wait for a decision), then the ones a moderator or the owner hid, newest
 * first within each. Pure.
 */
import { reportReasonLabels, type HiddenReason, type ReportReason } from '@phoenix/core';

export interface ModerationPost {
  id: string;
  ownerUid: string;
  prompt: string;
  thumbUrl: string;
  hiddenReason: HiddenReason | null;
  reportCount: number;
  moderationNote: string | null;
  createdAtMs: number;
}

const rank: Record<HiddenReason, number> = { reported: 0, moderator: 1, owner: 2 };

export function moderationOrder(posts: readonly ModerationPost[]): ModerationPost[] {
  return [...posts].sort(
    (a, b) =>
      rank[a.hiddenReason ?? 'owner'] - rank[b.hiddenReason ?? 'owner'] ||
      b.reportCount - a.reportCount ||
      b.createdAtMs - a.createdAtMs,
  );
}

/** Why the post is hidden, for the moderator. */
export function describeHidden(
  post: Pick<ModerationPost, 'hiddenReason' | 'reportCount' | 'moderationNote'>,
): string {
  switch (post.hiddenReason) {
    case 'reported':
      return `Hidden by ${post.reportCount} report${post.reportCount === 1 ? '' : 's'}, waiting for review`;
    case 'moderator':
      return post.moderationNote
        ? `Hidden for good: ${post.moderationNote}`
        : 'Hidden for good by a moderator';
    default:
      return 'Hidden by its owner';
  }
}

/** A report reason as the report form offered it; an unknown code shows as itself. */
export function reportReasonLabel(reason: string): string {
  return reportReasonLabels[reason as ReportReason] ?? reason;
}
