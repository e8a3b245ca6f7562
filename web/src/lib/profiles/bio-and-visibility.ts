/**
 * The own-profile controls as data: the bio's counter and problems (core's
 * schema, so the field refuses exactly what `updateProfile` would), and what
 * each post of the owner offers (Hide, Unhide, or nothing while reports keep
 * it hidden). Pure.
 */
import { BIO_MAX_LENGTH, updateProfileRequestSchema, type HiddenReason } from '@phoenix/core';

export { BIO_MAX_LENGTH };

/** Characters used, as the server counts them: code points after trimming, so an emoji is one. */
export function bioLength(bio: string): number {
  return [...bio.trim()].length;
}

/** Core's words for a bio the server would refuse, or null when it is fine. */
export function bioProblem(bio: string): string | null {
  const parsed = updateProfileRequestSchema.safeParse({ bio });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'This bio cannot be saved.');
}

/** "12 / 160", and how close to the limit it is, for the counter's colour. */
export function bioCounter(bio: string): { text: string; level: 'ok' | 'near' | 'over' } {
  const used = bioLength(bio);
  const level = used > BIO_MAX_LENGTH ? 'over' : used >= BIO_MAX_LENGTH - 20 ? 'near' : 'ok';
  return { text: `${used} / ${BIO_MAX_LENGTH}`, level };
}

export interface PostVisibilityControls {
  /** A badge on the card, or null for a public post. */
  badge: { label: 'Hidden' | 'Under review'; explanation: string } | null;
  /** The button the owner gets, or null when they may not change it. */
  action: 'hide' | 'unhide' | null;
}

/**
 * What the owner sees on one of their posts. Others never see hidden posts
 * (the rules refuse them), so a non-owner gets nothing.
 */
export function visibilityControls(
  post: { hidden: boolean; hiddenReason: HiddenReason | null },
  isOwner: boolean,
): PostVisibilityControls {
  if (!isOwner) return { badge: null, action: null };
  if (!post.hidden) return { badge: null, action: 'hide' };
  if (post.hiddenReason === 'reported') {
    return {
      badge: {
        label: 'Under review',
        explanation: 'Hidden after reports until a moderator reviews it. Only you can see it.',
      },
      action: null,
    };
  }
  return {
    badge: { label: 'Hidden', explanation: 'You hid this post. Only you can see it.' },
    action: 'unhide',
  };
}
