import type { ErrorCode } from './errors.ts';
import type { JobKind } from './job-kinds.ts';
import type { JobEnding } from './job-settlement.ts';
import type { LedgerReason } from './ledger-reasons.ts';

/**
 * In-app notifications, one document each at `notifications/{uid}/items/{id}`.
 * Ids are derived from what caused them, so a retried write lands on the same
 * document instead of adding a second one.
 *
 * Unread state is a read marker, not a counter: `notifications/{uid}.readUpTo`
 * is the time up to which the owner has read, and an item is unread while its
 * `updatedAt` is later. A notification write therefore never touches a
 * per-user document (two jobs ending at once, or likes landing while a job
 * ends, never contend on one), and a like batch updated after it was read
 * turns unread again on its own. The client keeps the live count with one
 * listener on `items where updatedAt > readUpTo`.
 */

/** Below this balance, in tokens, the owner is told their credits are low. */
export const LOW_CREDITS_THRESHOLD_TOKENS = 5;

/** How long one "liked your image" notification gathers likes, in ms: one per post per hour. */
export const LIKE_BATCH_WINDOW_MS = 60 * 60 * 1000;

/** Most notifications the unread badge counts before it shows "99+". */
export const UNREAD_BADGE_LIMIT = 99;

export interface Liker {
  uid: string;
  /** Display name when the liker has one; the UI falls back to "anonymous". */
  name: string | null;
}

/** Each kind and the data it carries. */
export type NotificationBody =
  | {
      kind: 'job_succeeded';
      /**
       * `postId` and `thumbUrl` of the first delivered image (items written before
       * `postId` existed lack it; a video has no post until it is published);
       * `count` outputs delivered; tokens refunded for the rest.
       */
      data: {
        jobId: string;
        /** Absent for an image job, as on items written before videos. */
        jobKind?: 'video';
        postId?: string;
        thumbUrl: string;
        count: number;
        tokensRefunded: number;
      };
    }
  | {
      kind: 'job_refunded';
      /** `reason` is the ledger line's coded reason; `error` the job's code when it failed. */
      data: {
        jobId: string;
        /** Absent for an image job, as on items written before videos. */
        jobKind?: 'video';
        reason: LedgerReason;
        error: ErrorCode | null;
        tokens: number;
      };
    }
  | { kind: 'low_credits'; data: { balance: number; threshold: number } }
  | {
      kind: 'post_liked';
      /** `count`: likes gathered in this hour's batch; `latestLiker`: who liked last. */
      data: { postId: string; latestLiker: Liker; count: number; windowStartMs: number };
    }
  | { kind: 'post_under_review'; data: { postId: string; reason: 'reported' } }
  /** A moderator's decision on the owner's post: back in the feed, or hidden for good with a note. */
  | { kind: 'post_moderated'; data: { postId: string; outcome: 'restored' | 'removed'; note: string } }
  | { kind: 'tokens_granted'; data: { tokens: number; note: string } };

export type NotificationKind = NotificationBody['kind'];

/** A stored notification; `updatedAt` is when it last changed, which is what the list sorts on. */
export type NotificationDoc<Time> = NotificationBody & { updatedAt: Time };

/** The owner's notification state at `notifications/{uid}`. */
export interface NotificationStateDoc<Time> {
  /** Everything updated at or before this is read. */
  readUpTo: Time;
}

/** A notification to write: its id under the owner, and its body. */
export interface BuiltNotification<Body extends NotificationBody = NotificationBody> {
  id: string;
  body: Body;
}

/**
 * What the owner hears when a job ends: `job_succeeded` for a success (even a
 * partial one, whose refund rides along), `job_refunded` for a failure or a
 * cancel. One id per job, since a job ends once. `jobKind` is the ended job's
 * (absent on jobs from before kinds, which were all images).
 */
export function jobEndingNotification(
  jobId: string,
  ending: JobEnding,
  jobKind: JobKind = 'image',
): BuiltNotification {
  const id = `job_${jobId}`;
  // Image items keep their old shape, so readers take a missing kind as an image.
  const kind = jobKind === 'video' ? { jobKind: 'video' as const } : {};
  const outputs = ending.jobPatch.outputs ?? [];
  if (ending.status === 'succeeded' && outputs[0]) {
    return {
      id,
      body: {
        kind: 'job_succeeded',
        data: {
          jobId,
          ...kind,
          // A video is a draft until its owner publishes it: no post yet.
          ...('postId' in outputs[0] ? { postId: outputs[0].postId } : {}),
          thumbUrl: outputs[0].thumbUrl,
          count: outputs.length,
          tokensRefunded: ending.refundTokens,
        },
      },
    };
  }
  return {
    id,
    body: {
      kind: 'job_refunded',
      data: {
        jobId,
        ...kind,
        reason: ending.refundReason,
        error: ending.jobPatch.error?.code ?? null,
        tokens: ending.refundTokens,
      },
    },
  };
}

/**
 * The `low_credits` notification when a debit takes the balance from at or
 * above `threshold` to below it, else null: once per crossing, not once per
 * job spent while low. The id comes from the debit's job, so a replayed
 * debit cannot repeat it.
 * @param threshold in tokens; default {@link LOW_CREDITS_THRESHOLD_TOKENS}.
 */
export function lowCreditsNotification(
  jobId: string,
  balanceBefore: number,
  balanceAfter: number,
  threshold: number = LOW_CREDITS_THRESHOLD_TOKENS,
): BuiltNotification | null {
  if (!(balanceBefore >= threshold && balanceAfter < threshold)) return null;
  return {
    id: `low_credits_${jobId}`,
    body: { kind: 'low_credits', data: { balance: balanceAfter, threshold } },
  };
}

/** The start of the like batch `nowMs` falls in, in epoch ms. */
export function likeBatchStartMs(nowMs: number): number {
  return Math.floor(nowMs / LIKE_BATCH_WINDOW_MS) * LIKE_BATCH_WINDOW_MS;
}

/** One "liked" notification per post per hour: every like in that hour updates it. */
export function postLikedNotificationId(postId: string, nowMs: number): string {
  return `liked_${postId}_${likeBatchStartMs(nowMs)}`;
}

/** What the owner's hour batch stores besides the body: the post's likes by others when the batch began. */
export interface PostLikedBatchDoc {
  data: { count: number; latestLiker?: Liker; baseLikeCount?: number };
}

/**
 * The owner's "liked your image" batch for this post and hour, as the post's
 * like rollup writes it (at most once a second per post, so a burst of likes
 * never makes the notification a hot document). `likeCountBefore` is the
 * post's rolled-up count before this rollup and `likeCountNow` the new exact
 * total; the batch counts the likes by others gained since it began (an owner
 * who likes after the batch began only holds it back by one, never below). `liker` is the
 * like that won this rollup, or null when an unlike did. Returns the write,
 * or null when nothing new should be said (no net new like this hour, or no
 * liker to name on a batch not begun yet).
 */
export function planPostLikedBatch(rollup: {
  postId: string;
  ownerUid: string;
  liker: Liker | null;
  likeCountBefore: number;
  likeCountNow: number;
  /** Whether the owner likes their own post now: that like is never news to them. */
  ownerLikes: boolean;
  existing: PostLikedBatchDoc | undefined;
  nowMs: number;
}): { id: string; body: Extract<NotificationBody, { kind: 'post_liked' }>; baseLikeCount: number } | null {
  // Counted in likes by others: the owner has at most one like on the post.
  const ownLike = rollup.ownerLikes ? 1 : 0;
  const baseLikeCount = rollup.existing?.data.baseLikeCount ?? Math.max(0, rollup.likeCountBefore - ownLike);
  const count = rollup.likeCountNow - ownLike - baseLikeCount;
  const previousCount = rollup.existing?.data.count ?? 0;
  if (count <= previousCount) return null;
  // Liking your own post is counted but never named: the last other liker stays.
  const latest =
    rollup.liker && rollup.liker.uid !== rollup.ownerUid ? rollup.liker : rollup.existing?.data.latestLiker;
  if (!latest) return null;
  return {
    id: postLikedNotificationId(rollup.postId, rollup.nowMs),
    baseLikeCount,
    body: {
      kind: 'post_liked',
      data: {
        postId: rollup.postId,
        latestLiker: latest,
        count,
        windowStartMs: likeBatchStartMs(rollup.nowMs),
      },
    },
  };
}

/** One per post and decision, so a repeated decision rewrites the same item. */
export function postModeratedNotification(
  postId: string,
  outcome: 'restored' | 'removed',
  note: string,
): BuiltNotification {
  return { id: `moderated_${postId}`, body: { kind: 'post_moderated', data: { postId, outcome, note } } };
}

export function tokensGrantedNotification(
  grantEntryId: string,
  tokens: number,
  note: string,
): BuiltNotification {
  return { id: `grant_${grantEntryId}`, body: { kind: 'tokens_granted', data: { tokens, note } } };
}

export function postUnderReviewNotification(postId: string): BuiltNotification {
  return {
    id: `review_${postId}`,
    body: { kind: 'post_under_review', data: { postId, reason: 'reported' } },
  };
}

/** "ada liked your image", "ada and 1 other liked your image", "ada and 3 others liked your image". */
export function describeLikes(latestLikerName: string | null, count: number): string {
  const name = latestLikerName ?? 'anonymous';
  const others = Math.max(0, count - 1);
  if (others === 0) return `${name} liked your image`;
  return `${name} and ${others} other${others === 1 ? '' : 's'} liked your image`;
}

/** Whether an item updated at `updatedAtMs` is unread under the marker `readUpToMs` (null: never read). */
export function isUnread(updatedAtMs: number, readUpToMs: number | null): boolean {
  return readUpToMs === null || updatedAtMs > readUpToMs;
}

/**
 * The marker to store: the requested time (never later than now, so a client
 * whose clock runs ahead cannot mark future items read) and never earlier
 * than the current one, so the marker only moves forward.
 */
export function nextReadMarkerMs(
  current: number | null,
  requested: number | undefined,
  nowMs: number,
): number {
  const wanted = Math.min(requested ?? nowMs, nowMs);
  return current === null ? wanted : Math.max(current, wanted);
}
