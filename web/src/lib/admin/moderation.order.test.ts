import { describe, expect, it } from 'vitest';
import { describeHidden, moderationOrder, reportReasonLabel, type ModerationPost } from './moderation.ts';

const post = (id: string, over: Partial<ModerationPost>): ModerationPost => ({
  id,
  ownerUid: 'u1',
  prompt: 'a fox',
  thumbUrl: '',
  hiddenReason: 'owner',
  reportCount: 0,
  moderationNote: null,
  createdAtMs: 0,
  ...over,
});

describe('the moderation queue', () => {
  it('puts reported posts first, the most reported first, then the newest', () => {
    const ordered = moderationOrder([
      post('owner-new', { hiddenReason: 'owner', createdAtMs: 9 }),
      post('reported-3', { hiddenReason: 'reported', reportCount: 3, createdAtMs: 1 }),
      post('moderated', { hiddenReason: 'moderator', createdAtMs: 5 }),
      post('reported-5', { hiddenReason: 'reported', reportCount: 5, createdAtMs: 0 }),
      post('reported-3-newer', { hiddenReason: 'reported', reportCount: 3, createdAtMs: 2 }),
    ]);
    expect(ordered.map((p) => p.id)).toEqual([
      'reported-5',
      'reported-3-newer',
      'reported-3',
      'moderated',
      'owner-new',
    ]);
  });

  it('says why each post is hidden', () => {
    expect(describeHidden({ hiddenReason: 'reported', reportCount: 3, moderationNote: null })).toBe(
      'Hidden by 3 reports, waiting for review',
    );
    expect(describeHidden({ hiddenReason: 'moderator', reportCount: 0, moderationNote: 'gore' })).toBe(
      'Hidden for good: gore',
    );
    expect(describeHidden({ hiddenReason: 'owner', reportCount: 0, moderationNote: null })).toBe(
      'Hidden by its owner',
    );
  });

  it('labels report reasons as reporters saw them', () => {
    expect(reportReasonLabel('spam')).toBe('Spam or scam');
    expect(reportReasonLabel('weird')).toBe('weird');
  });
});
