import { describe, expect, it } from 'vitest';
import {
  assertAdmin,
  findUserRequestSchema,
  grantTokensRequestSchema,
  isAdminToken,
  planModeration,
  setPostHiddenRequestSchema,
  setServiceMaxInstancesRequestSchema,
} from './admin-requests.ts';
import { parseRequest } from './errors.ts';
import type { PostVisibility } from './post-visibility.ts';

const post = (hidden: boolean, hiddenReason: PostVisibility['hiddenReason']): PostVisibility => ({
  ownerUid: 'owner',
  hidden,
  hiddenReason,
});

describe('planModeration', () => {
  it('restores a post hidden by reports, counting it on the profile again', () => {
    expect(planModeration(post(true, 'reported'), false, 'looks fine')).toEqual({
      kind: 'change',
      patch: { hidden: false, hiddenReason: null, moderationNote: null },
      postsDelta: 1,
    });
  });

  it('hides a public post for good with the reason, taking it off the profile count', () => {
    expect(planModeration(post(false, null), true, 'spam')).toEqual({
      kind: 'change',
      patch: { hidden: true, hiddenReason: 'moderator', moderationNote: 'spam' },
      postsDelta: -1,
    });
  });

  it('hides a post reports already hid without counting it off twice', () => {
    expect(planModeration(post(true, 'reported'), true, 'spam')).toMatchObject({
      kind: 'change',
      patch: { hiddenReason: 'moderator' },
      postsDelta: 0,
    });
  });

  it('changes nothing when the post is already as asked', () => {
    expect(planModeration(post(false, null), false, 'fine')).toEqual({ kind: 'unchanged' });
    expect(planModeration(post(true, 'moderator'), true, 'again')).toEqual({ kind: 'unchanged' });
  });
});

describe('admin checks', () => {
  it('takes only the admin claim set to true', () => {
    expect(isAdminToken({ admin: true })).toBe(true);
    for (const token of [undefined, {}, { admin: 'true' }, { admin: 1 }, { role: 'admin' }]) {
      expect(isAdminToken(token)).toBe(false);
      expect(() => assertAdmin(token)).toThrow(expect.objectContaining({ code: 'permission_denied' }));
    }
  });
});

describe('admin request schemas', () => {
  it.each([
    [grantTokensRequestSchema, { uid: 'u1', tokens: 0, reason: 'thanks' }, 'tokens'],
    [grantTokensRequestSchema, { uid: 'u1', tokens: 10_001, reason: 'thanks' }, 'tokens'],
    [grantTokensRequestSchema, { uid: 'a/b', tokens: 5, reason: 'thanks' }, 'uid'],
    [grantTokensRequestSchema, { uid: 'u1', tokens: 5, reason: '  x ' }, 'reason'],
    [grantTokensRequestSchema, { uid: '__proto__', tokens: 5, reason: 'thanks' }, 'uid'],
    [grantTokensRequestSchema, { uid: 'u1', tokens: 5, reason: 'half \uD83D an emoji' }, 'reason'],
    [setPostHiddenRequestSchema, { postId: '__x__', hidden: true, reason: 'spam' }, 'postId'],
    [setPostHiddenRequestSchema, { postId: 'p1', hidden: 'yes', reason: 'spam' }, 'hidden'],
    [setServiceMaxInstancesRequestSchema, { service: 'image', maxInstances: 0 }, 'maxInstances'],
    [setServiceMaxInstancesRequestSchema, { service: 'web', maxInstances: 3 }, 'service'],
  ] as const)('refuses a bad field, naming it (%#)', (schema, input, field) => {
    expect(() => parseRequest(schema, input)).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field }),
    );
  });

  it.each(['a/b', 'ab/cd/ef', '..', '__ab__', 'a b', 'x\uD800x'])(
    'refuses the query %j: without an @ it is looked up as a username, and cannot be one',
    (query) => {
      expect(() => parseRequest(findUserRequestSchema, { query })).toThrow(
        expect.objectContaining({ code: 'invalid_argument', field: 'query' }),
      );
    },
  );

  it.each(['ada', ' Grace_1 ', 'ada@phoenix.test', '@ada', 'a_very_long_name_claimed_before_the_limit'])(
    'looks up %j',
    (query) => {
      expect(parseRequest(findUserRequestSchema, { query }).query).toBe(query.trim());
    },
  );

  it('trims a grant’s reason', () => {
    expect(
      parseRequest(grantTokensRequestSchema, { uid: 'u1', tokens: 5, reason: '  bug bounty ' }).reason,
    ).toBe('bug bounty');
  });
});
