import { describe, expect, it } from 'vitest';
import { planCancel, planFailure, planSuccess } from './job-settlement.ts';
import type { ImageJobDoc } from './documents.ts';
import type { OutputRecord, OutputRecords } from './job-outputs.ts';
import {
  LOW_CREDITS_THRESHOLD_TOKENS,
  describeLikes,
  isUnread,
  jobEndingNotification,
  lowCreditsNotification,
  nextReadMarkerMs,
  postLikedNotificationId,
  planPostLikedBatch,
} from './notifications.ts';
import { markNotificationsReadRequestSchema } from './mark-notifications-read-request.ts';

const hour = 60 * 60 * 1000;
const job: Pick<ImageJobDoc, 'status' | 'cost' | 'kind' | 'params'> = {
  status: 'running',
  kind: 'image',
  cost: { tokens: 8, reservedMicroUsd: 400, tokensSettled: null, settledMicroUsd: null, tokensRefunded: 0 },
  params: {
    prompt: 'a fox',
    aspectRatio: '1:1',
    imageSize: '1K',
    count: 2,
    model: 'gemini-2.5-flash-image',
    enhancePrompt: false,
  } as ImageJobDoc['params'],
};
const stored = (index: number): OutputRecord => ({
  kind: 'image',
  attempt: 1,
  output: {
    postId: `job1_${index}`,
    imageUrl: `https://media.example/${index}.webp`,
    thumbUrl: `https://media.example/${index}_thumb.webp`,
    width: 1024,
    height: 1024,
    placeholder: 'data:image/webp;base64,AA',
    dominantColor: '#102030',
  },
});

describe('job notifications', () => {
  it('tells of a success with its first thumbnail, the delivered count and the refund for the rest', () => {
    const records: OutputRecords = { 0: stored(0) };
    const built = jobEndingNotification('job1', planSuccess('job1', job, records, 1200));
    expect(built).toEqual({
      id: 'job_job1',
      body: {
        kind: 'job_succeeded',
        data: {
          jobId: 'job1',
          postId: 'job1_0',
          thumbUrl: 'https://media.example/0_thumb.webp',
          count: 1,
          tokensRefunded: 4,
        },
      },
    });
  });

  it('tells of a failure as a refund with the coded reason, under the same id a success would use', () => {
    const ending = planFailure('job1', job, { code: 'safety_blocked', message: 'blocked' });
    expect(jobEndingNotification('job1', ending)).toEqual({
      id: 'job_job1',
      body: {
        kind: 'job_refunded',
        data: {
          jobId: 'job1',
          reason: { code: 'job_failed', error: 'safety_blocked' },
          error: 'safety_blocked',
          tokens: 8,
        },
      },
    });
  });

  it('tells of a cancel as a refund without an error', () => {
    const ending = planCancel('job1', { ...job, status: 'queued' });
    expect(jobEndingNotification('job1', ending).body).toEqual({
      kind: 'job_refunded',
      data: { jobId: 'job1', reason: { code: 'job_canceled' }, error: null, tokens: 8 },
    });
  });
});

describe('low credits', () => {
  const threshold = LOW_CREDITS_THRESHOLD_TOKENS;

  it('fires once, on the debit that crosses below the threshold', () => {
    expect(lowCreditsNotification('j', threshold, threshold - 1)).toEqual({
      id: 'low_credits_j',
      body: { kind: 'low_credits', data: { balance: threshold - 1, threshold } },
    });
    expect(lowCreditsNotification('j', threshold + 10, threshold)).toBeNull();
    expect(lowCreditsNotification('j', threshold - 1, threshold - 3)).toBeNull();
  });

  it('takes another threshold when given one', () => {
    expect(lowCreditsNotification('j', 20, 9, 10)?.body).toEqual({
      kind: 'low_credits',
      data: { balance: 9, threshold: 10 },
    });
  });
});

describe('liked-your-image batches', () => {
  const t0 = Date.UTC(2026, 10, 30, 14, 0, 0);

  it('shares one id per post within an hour, and a new one the next hour or for another post', () => {
    expect(postLikedNotificationId('p1', t0)).toBe(postLikedNotificationId('p1', t0 + hour - 1));
    expect(postLikedNotificationId('p1', t0 + hour)).not.toBe(postLikedNotificationId('p1', t0));
    expect(postLikedNotificationId('p2', t0)).not.toBe(postLikedNotificationId('p1', t0));
  });

  const ada = { uid: 'u1', name: 'ada' };
  const rollup = {
    postId: 'p1',
    ownerUid: 'owner',
    liker: ada,
    likeCountBefore: 10,
    likeCountNow: 14,
    ownerLikes: false,
    existing: undefined,
    nowMs: t0 + 5,
  };

  it('begins the hour’s batch at the post’s count before the rollup and counts what it gained', () => {
    expect(planPostLikedBatch(rollup)).toEqual({
      id: `liked_p1_${t0}`,
      baseLikeCount: 10,
      body: {
        kind: 'post_liked',
        data: { postId: 'p1', latestLiker: ada, count: 4, windowStartMs: t0 },
      },
    });
  });

  it('keeps counting from the batch’s own start, naming the newest liker', () => {
    const existing = { data: { count: 4, latestLiker: ada, baseLikeCount: 10 } };
    const grace = { uid: 'u2', name: 'grace' };
    const plan = planPostLikedBatch({
      ...rollup,
      existing,
      liker: grace,
      likeCountBefore: 14,
      likeCountNow: 20,
    });
    expect(plan?.body.data).toMatchObject({ count: 10, latestLiker: grace });
    expect(plan?.baseLikeCount).toBe(10);
  });

  it('says nothing new when the post gained no like this hour, or only its owner’s', () => {
    const existing = { data: { count: 4, latestLiker: ada, baseLikeCount: 10 } };
    expect(planPostLikedBatch({ ...rollup, existing, likeCountNow: 13 })).toBeNull();
    expect(planPostLikedBatch({ ...rollup, likeCountNow: 10 })).toBeNull();
    expect(planPostLikedBatch({ ...rollup, liker: { uid: 'owner', name: 'me' } })).toBeNull();
    const ownerWon = planPostLikedBatch({
      ...rollup,
      existing,
      liker: { uid: 'owner', name: 'me' },
      likeCountNow: 15,
    });
    expect(ownerWon?.body.data.latestLiker).toEqual(ada);
  });

  it('never counts the owner’s own like as news', () => {
    // The owner liked before the batch began (in the 10) and still does: 13 by others now, 9 then.
    expect(planPostLikedBatch({ ...rollup, ownerLikes: true })?.body.data.count).toBe(4);
    // The owner's like is the only new one: nothing to tell.
    const existing = { data: { count: 4, latestLiker: ada, baseLikeCount: 10 } };
    expect(planPostLikedBatch({ ...rollup, existing, ownerLikes: true, likeCountNow: 15 })).toBeNull();
  });

  it('lets an unlike that won the rollup update a batch, keeping its liker', () => {
    const existing = { data: { count: 1, latestLiker: ada, baseLikeCount: 10 } };
    expect(planPostLikedBatch({ ...rollup, existing, liker: null })?.body.data).toMatchObject({
      count: 4,
      latestLiker: ada,
    });
    expect(planPostLikedBatch({ ...rollup, liker: null })).toBeNull();
  });

  it('reads as one sentence: the latest liker and how many others', () => {
    expect(describeLikes('ada', 1)).toBe('ada liked your image');
    expect(describeLikes('ada', 2)).toBe('ada and 1 other liked your image');
    expect(describeLikes('ada', 4)).toBe('ada and 3 others liked your image');
    expect(describeLikes(null, 1)).toBe('anonymous liked your image');
  });
});

describe('read marker', () => {
  it('counts as unread only what changed after the marker', () => {
    expect(isUnread(10, null)).toBe(true);
    expect(isUnread(10, 10)).toBe(false);
    expect(isUnread(11, 10)).toBe(true);
  });

  it('moves forward only, and never past now', () => {
    expect(nextReadMarkerMs(null, undefined, 500)).toBe(500);
    expect(nextReadMarkerMs(300, 200, 500)).toBe(300);
    expect(nextReadMarkerMs(300, 400, 500)).toBe(400);
    expect(nextReadMarkerMs(null, 9_000, 500)).toBe(500);
  });

  it('takes upTo as whole epoch ms, or nothing', () => {
    expect(markNotificationsReadRequestSchema.safeParse({}).success).toBe(true);
    expect(markNotificationsReadRequestSchema.safeParse({ upTo: 1_700_000_000_000 }).success).toBe(true);
    expect(markNotificationsReadRequestSchema.safeParse({ upTo: '2026-01-01' }).success).toBe(false);
    expect(markNotificationsReadRequestSchema.safeParse({ upTo: -1 }).success).toBe(false);
    expect(markNotificationsReadRequestSchema.safeParse({ upTo: 1.5 }).success).toBe(false);
    expect(markNotificationsReadRequestSchema.safeParse({ upTo: 1, extra: true }).success).toBe(false);
  });
});
