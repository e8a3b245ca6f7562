import { describe, expect, it } from 'vitest';
import { errorCodes, PhoenixError } from './errors.ts';
import { describeLedgerReason } from './ledger-reasons.ts';
import { postModeratedNotification, tokensGrantedNotification } from './notifications.ts';

describe('moderation and grant notifications', () => {
  it('tells the owner a moderator restored or removed their post, one item per post', () => {
    expect(postModeratedNotification('p1', 'removed', 'spam')).toEqual({
      id: 'moderated_p1',
      body: { kind: 'post_moderated', data: { postId: 'p1', outcome: 'removed', note: 'spam' } },
    });
    expect(postModeratedNotification('p1', 'restored', '').id).toBe('moderated_p1');
  });

  it('tells a user about a grant under an id from the grant’s ledger line', () => {
    expect(tokensGrantedNotification('admin_r1', 20, 'bug bounty')).toEqual({
      id: 'grant_admin_r1',
      body: { kind: 'tokens_granted', data: { tokens: 20, note: 'bug bounty' } },
    });
  });

  it('renders an admin grant in the ledger with the admin’s reason', () => {
    expect(describeLedgerReason({ code: 'admin_grant', note: 'bug bounty' })).toBe(
      'Gift from Phoenix: bug bounty',
    );
  });
});

describe('the limit refusals', () => {
  it.each([
    ['rate_limited', 'resource-exhausted'],
    ['too_many_in_flight', 'resource-exhausted'],
    ['daily_limit', 'resource-exhausted'],
    ['budget_exceeded', 'failed-precondition'],
  ] as const)('%s travels as %s and is a definite answer', (code, httpsCode) => {
    const error = new PhoenixError(code);
    expect(error.httpsCode).toBe(httpsCode);
    expect(errorCodes[code].sameRequestRetry).toBe(false);
    expect(error.extra).toEqual({});
  });

  it('carries the facts a caller acts on beside the message', () => {
    expect(new PhoenixError('rate_limited', 'wait', undefined, { retryAfterSeconds: 420 }).extra).toEqual({
      retryAfterSeconds: 420,
    });
  });
});
