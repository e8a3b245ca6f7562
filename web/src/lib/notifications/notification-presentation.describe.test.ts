import { describe, expect, it } from 'vitest';
import { describeNotification } from './notification-presentation.ts';
import type { NotificationView } from './notification-view.ts';

const base = { id: 'n1', updatedAtMs: 1_000 };

describe('describeNotification', () => {
  it('a finished image shows its thumbnail and leads to the job’s post', () => {
    const view: NotificationView = {
      ...base,
      kind: 'job_succeeded',
      data: { jobId: 'job1', thumbUrl: 'https://media/t.webp', count: 1, tokensRefunded: 0 },
    };
    expect(describeNotification(view)).toEqual({
      icon: 'image',
      title: 'Your image is ready',
      detail: null,
      thumbUrl: 'https://media/t.webp',
      thumbPostId: null,
      target: { kind: 'job-post', jobId: 'job1' },
    });
  });

  it('a partial success counts its images and its refund; a named post is linked directly', () => {
    const view = {
      ...base,
      kind: 'job_succeeded',
      data: { jobId: 'job1', thumbUrl: 't', count: 3, tokensRefunded: 2, postId: 'p9' },
    } as NotificationView;
    const shown = describeNotification(view);
    expect(shown.title).toBe('Your 3 images are ready');
    expect(shown.detail).toBe('2 tokens refunded for the images that could not be made.');
    expect(shown.target).toEqual({ kind: 'post', postId: 'p9' });
  });

  it('a failure says why in the ledger’s words and that nothing was charged', () => {
    const shown = describeNotification({
      ...base,
      kind: 'job_refunded',
      data: {
        jobId: 'j',
        reason: { code: 'job_failed', error: 'safety_blocked' },
        error: 'safety_blocked',
        tokens: 2,
      },
    });
    expect(shown.icon).toBe('refund');
    expect(shown.title).toBe('A job failed, you were not charged');
    expect(shown.detail).toBe('Refund: the safety filter blocked the prompt. 2 tokens back.');
    expect(shown.target).toEqual({ kind: 'jobs' });
  });

  it('a cancel reads as a cancel', () => {
    const shown = describeNotification({
      ...base,
      kind: 'job_refunded',
      data: { jobId: 'j', reason: { code: 'job_canceled' }, error: null, tokens: 1 },
    });
    expect(shown.title).toBe('Job canceled, you were not charged');
    expect(shown.detail).toBe('Refund: you canceled the job. 1 token back.');
  });

  it('low credits give the balance and lead to the token history', () => {
    const shown = describeNotification({ ...base, kind: 'low_credits', data: { balance: 3, threshold: 5 } });
    expect(shown.title).toBe('Your tokens are running low');
    expect(shown.detail).toBe('3 tokens left, below 5. See your token history.');
    expect(shown.target).toEqual({ kind: 'token-history' });
  });

  it('likes are one batched line, with the post’s thumbnail to load', () => {
    const shown = describeNotification({
      ...base,
      kind: 'post_liked',
      data: { postId: 'p1', latestLiker: { uid: 'u', name: 'ada' }, count: 4, windowStartMs: 0 },
    });
    expect(shown.title).toBe('ada and 3 others liked your image');
    expect(shown.thumbPostId).toBe('p1');
    expect(shown.target).toEqual({ kind: 'post', postId: 'p1' });
    const nameless = describeNotification({
      ...base,
      kind: 'post_liked',
      data: { postId: 'p1', latestLiker: { uid: 'u', name: null }, count: 1, windowStartMs: 0 },
    });
    expect(nameless.title).toBe('anonymous liked your image');
  });

  it('a post under review tells its owner why it left the feed', () => {
    const shown = describeNotification({
      ...base,
      kind: 'post_under_review',
      data: { postId: 'p2', reason: 'reported' },
    });
    expect(shown.icon).toBe('review');
    expect(shown.title).toBe('Your post is under review');
    expect(shown.thumbPostId).toBe('p2');
    expect(shown.target).toEqual({ kind: 'post', postId: 'p2' });
  });

  it('a moderator’s decision says what happened to the post and why', () => {
    const restored = describeNotification({
      ...base,
      kind: 'post_moderated',
      data: { postId: 'p3', outcome: 'restored', note: 'It breaks no rule.' },
    });
    expect(restored.title).toBe('Your post is back in Explore');
    expect(restored.detail).toBe('Moderator’s note: It breaks no rule.');
    expect(restored.target).toEqual({ kind: 'post', postId: 'p3' });
    const removed = describeNotification({
      ...base,
      kind: 'post_moderated',
      data: { postId: 'p3', outcome: 'removed', note: 'Gore.' },
    });
    expect(removed.title).toBe('A moderator removed your post from Explore');
  });

  it('an admin’s grant says how many tokens and why, and leads to the token history', () => {
    const shown = describeNotification({
      ...base,
      kind: 'tokens_granted',
      data: { tokens: 25, note: 'sorry about the outage' },
    });
    expect(shown.title).toBe('You received 25 tokens from Phoenix');
    expect(shown.detail).toBe('sorry about the outage');
    expect(shown.target).toEqual({ kind: 'token-history' });
  });
});
