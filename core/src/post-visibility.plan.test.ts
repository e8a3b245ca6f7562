import { describe, expect, it } from 'vitest';
import { PhoenixError } from './errors.ts';
import { planPostVisibility, setOwnPostHiddenRequestSchema } from './post-visibility.ts';

const mine = { ownerUid: 'ada', hidden: false, hiddenReason: null } as const;

describe('planPostVisibility', () => {
  it('hides a public post for its owner, taking it off their public count, and shows it again', () => {
    expect(planPostVisibility(mine, 'ada', true)).toEqual({
      kind: 'change',
      patch: { hidden: true, hiddenReason: 'owner' },
      postsDelta: -1,
    });
    expect(planPostVisibility({ ...mine, hidden: true, hiddenReason: 'owner' }, 'ada', false)).toEqual({
      kind: 'change',
      patch: { hidden: false, hiddenReason: null },
      postsDelta: 1,
    });
  });

  it('changes nothing when the post is already as asked', () => {
    expect(planPostVisibility(mine, 'ada', false)).toEqual({ kind: 'unchanged' });
    expect(planPostVisibility({ ...mine, hidden: true, hiddenReason: 'owner' }, 'ada', true)).toEqual({
      kind: 'unchanged',
    });
  });

  it('refuses anyone but the owner', () => {
    expect(() => planPostVisibility(mine, 'grace', true)).toThrow(
      expect.objectContaining({ code: 'permission_denied' }),
    );
  });

  it('keeps a reported post hidden until review, even for its owner', () => {
    const reported = { ...mine, hidden: true, hiddenReason: 'reported' } as const;
    expect(() => planPostVisibility(reported, 'ada', false)).toThrow(PhoenixError);
    expect(() => planPostVisibility(reported, 'ada', false)).toThrow(
      expect.objectContaining({ code: 'post_under_review' }),
    );
    expect(planPostVisibility(reported, 'ada', true)).toEqual({ kind: 'unchanged' });
  });

  it('takes a post id and a boolean, nothing else', () => {
    expect(setOwnPostHiddenRequestSchema.safeParse({ postId: 'p_1', hidden: true }).success).toBe(true);
    expect(setOwnPostHiddenRequestSchema.safeParse({ postId: 'posts/x', hidden: true }).success).toBe(false);
    expect(setOwnPostHiddenRequestSchema.safeParse({ postId: '__proto__', hidden: true }).success).toBe(
      false,
    );
    expect(setOwnPostHiddenRequestSchema.safeParse({ postId: 'p', hidden: 'yes' }).success).toBe(false);
    expect(setOwnPostHiddenRequestSchema.safeParse({ postId: 'p', hidden: true, extra: 1 }).success).toBe(
      false,
    );
  });
});
