/**
 * What one notification says and where it leads. Pure: the words for a
 * refund come from the ledger's (core's `describeLedgerReason`, through
 * {@link describeLedgerLine}) and the like batch from core's `describeLikes`,
 * so each sentence is written once.
 */
import { describeLikes, LOW_CREDITS_THRESHOLD_TOKENS } from '@phoenix/core';
import { plural } from '../jobs/job-presentation.ts';
import { describeLedgerLine } from '../ledger/ledger-presentation.ts';
import type { NotificationView } from './notification-view.ts';

/** The glyph beside a notification. */
export type NotificationIcon = 'image' | 'video' | 'refund' | 'credits' | 'like' | 'review';

/**
 * Where activating a notification goes: a post, the post a job made (found
 * from the job when the notification does not name it), the recent jobs
 * (on the create page), the video drafts (where a video waits to be
 * published, or says why it failed), or the token history (a panel in the
 * header).
 */
export type NotificationTarget =
  | { kind: 'post'; postId: string }
  | { kind: 'job-post'; jobId: string }
  | { kind: 'jobs' }
  | { kind: 'drafts' }
  | { kind: 'token-history' };

export interface NotificationPresentation {
  icon: NotificationIcon;
  title: string;
  detail: string | null;
  /** A thumbnail the notification itself carries. */
  thumbUrl: string | null;
  /** A post whose thumbnail to show when the notification carries none. */
  thumbPostId: string | null;
  target: NotificationTarget;
}

export function describeNotification(item: NotificationView): NotificationPresentation {
  switch (item.kind) {
    case 'job_succeeded': {
      const { count, tokensRefunded, thumbUrl } = item.data;
      if (item.data.jobKind === 'video') {
        return {
          icon: 'video',
          title: 'Your video is ready',
          detail: 'It is in your drafts until you publish it.',
          thumbUrl: thumbUrl || null,
          thumbPostId: null,
          target: { kind: 'drafts' },
        };
      }
      const images = Number.isFinite(count) && count > 1 ? count : 1;
      // The server may name the first post; older items only name the job.
      const postId = (item.data as { postId?: unknown }).postId;
      return {
        icon: 'image',
        title: images === 1 ? 'Your image is ready' : `Your ${images} images are ready`,
        detail:
          tokensRefunded > 0
            ? `${plural(tokensRefunded, 'token')} refunded for the images that could not be made.`
            : null,
        thumbUrl: thumbUrl || null,
        thumbPostId: null,
        target:
          typeof postId === 'string' && postId
            ? { kind: 'post', postId }
            : { kind: 'job-post', jobId: item.data.jobId },
      };
    }
    case 'job_refunded': {
      const canceled = item.data.reason.code === 'job_canceled';
      const video = item.data.jobKind === 'video';
      const back = item.data.tokens > 0 ? ` ${plural(item.data.tokens, 'token')} back.` : '';
      const title = video
        ? canceled
          ? 'Video canceled, you were not charged'
          : 'Your video failed, you were not charged'
        : canceled
          ? 'Job canceled, you were not charged'
          : 'A job failed, you were not charged';
      return {
        icon: 'refund',
        title,
        detail: `${describeLedgerLine('refund', item.data.reason)}.${back}`,
        thumbUrl: null,
        thumbPostId: null,
        target: video ? { kind: 'drafts' } : { kind: 'jobs' },
      };
    }
    case 'low_credits': {
      const threshold = Number.isFinite(item.data.threshold)
        ? item.data.threshold
        : LOW_CREDITS_THRESHOLD_TOKENS;
      return {
        icon: 'credits',
        title: 'Your tokens are running low',
        detail: `${plural(item.data.balance, 'token')} left, below ${threshold}. See your token history.`,
        thumbUrl: null,
        thumbPostId: null,
        target: { kind: 'token-history' },
      };
    }
    case 'post_liked':
      return {
        icon: 'like',
        title: describeLikes(item.data.latestLiker.name, Math.max(1, item.data.count || 1)),
        detail: null,
        thumbUrl: null,
        thumbPostId: item.data.postId,
        target: { kind: 'post', postId: item.data.postId },
      };
    case 'post_under_review':
      return {
        icon: 'review',
        title: 'Your post is under review',
        detail: 'People reported it, so it is hidden from Explore until a moderator looks at it.',
        thumbUrl: null,
        thumbPostId: item.data.postId,
        target: { kind: 'post', postId: item.data.postId },
      };
    case 'post_moderated':
      return {
        icon: 'review',
        title:
          item.data.outcome === 'restored'
            ? 'Your post is back in Explore'
            : 'A moderator removed your post from Explore',
        detail: `Moderator’s note: ${item.data.note}`,
        thumbUrl: null,
        thumbPostId: item.data.postId,
        target: { kind: 'post', postId: item.data.postId },
      };
    case 'tokens_granted':
      return {
        icon: 'credits',
        title: `You received ${plural(item.data.tokens, 'token')} from Phoenix`,
        detail: item.data.note,
        thumbUrl: null,
        thumbPostId: null,
        target: { kind: 'token-history' },
      };
  }
}
