import { describe, expect, it } from 'vitest';
import { toNotificationView } from './notification-view.ts';

const at = (ms: number) => ({ toMillis: () => ms });

describe('toNotificationView', () => {
  it('keeps the body and turns the time into ms', () => {
    const view = toNotificationView('liked_p1_0', {
      kind: 'post_liked',
      data: { postId: 'p1', latestLiker: { uid: 'u2', name: 'ada' }, count: 4, windowStartMs: 0 },
      updatedAt: at(1_234.5),
    });
    expect(view).toEqual({
      id: 'liked_p1_0',
      kind: 'post_liked',
      data: { postId: 'p1', latestLiker: { uid: 'u2', name: 'ada' }, count: 4, windowStartMs: 0 },
      updatedAtMs: 1_234.5,
    });
  });

  it('accepts every kind in the shape the server writes', () => {
    const docs = [
      { kind: 'job_succeeded', data: { jobId: 'j', thumbUrl: 't', count: 1, tokensRefunded: 0 } },
      {
        kind: 'job_refunded',
        data: { jobId: 'j', reason: { code: 'job_canceled' }, error: null, tokens: 2 },
      },
      { kind: 'low_credits', data: { balance: 3, threshold: 5 } },
      { kind: 'post_under_review', data: { postId: 'p', reason: 'reported' } },
    ];
    for (const doc of docs) {
      expect(toNotificationView('x', { ...doc, updatedAt: at(1) })?.kind).toBe(doc.kind);
    }
  });

  it('skips what it cannot show instead of breaking the list', () => {
    expect(toNotificationView('a', null)).toBeNull();
    expect(
      toNotificationView('a', { kind: 'post_liked', data: { postId: 'p' }, updatedAt: at(1) }),
    ).toBeNull();
    expect(toNotificationView('a', { kind: 'mystery', data: {}, updatedAt: at(1) })).toBeNull();
    expect(
      toNotificationView('a', { kind: 'low_credits', data: { balance: 1, threshold: 5 }, updatedAt: null }),
    ).toBeNull();
    expect(toNotificationView('a', { kind: 'low_credits', updatedAt: at(1) })).toBeNull();
  });
});
