import { describe, expect, it } from 'vitest';
import {
  grantOutcomeMessage,
  isGrantOutcome,
  resendLabel,
  resendProblem,
  verifyPrompt,
} from './welcome-grant.ts';

describe('grantOutcomeMessage', () => {
  it('says the tokens arrived when the grant was given', () => {
    expect(grantOutcomeMessage('granted', 'ada@example.com')).toEqual({
      done: true,
      message: 'Your email is verified: your 50 welcome tokens have arrived.',
    });
  });

  it('explains an address that already earned its tokens on an earlier account', () => {
    const outcome = grantOutcomeMessage('address-used', 'ada@example.com');
    expect(outcome.done).toBe(true);
    expect(outcome.message).toContain('already received its 50 welcome tokens on an earlier account');
  });

  it('keeps the banner and names the address while it is not verified', () => {
    expect(grantOutcomeMessage('unverified', 'ada@example.com')).toEqual({
      done: false,
      message:
        "ada@example.com is not verified yet. Open the newest link we sent, then press “I've verified” again.",
    });
  });

  it('lets an account that already had its tokens go quietly', () => {
    expect(grantOutcomeMessage('already-granted', 'ada@example.com').done).toBe(true);
  });
});

describe('the banner’s other words', () => {
  it('asks for the link to be followed, naming the address and the tokens', () => {
    expect(verifyPrompt('ada@example.com')).toBe(
      'We sent a link to ada@example.com. Follow it to get your 50 welcome tokens.',
    );
  });

  it('counts down the resend rest, then offers it', () => {
    expect(resendLabel(42)).toBe('Send the link again in 42 s');
    expect(resendLabel(0)).toBe('Send the link again');
  });

  it('asks to wait when Auth refuses more links', () => {
    expect(resendProblem('auth/too-many-requests')).toMatch(/Wait a few minutes/);
    expect(resendProblem('auth/internal-error')).toBe('The link could not be sent. Try again in a moment.');
  });

  it('knows the grant answers and nothing else', () => {
    expect(['granted', 'already-granted', 'address-used', 'unverified'].every(isGrantOutcome)).toBe(true);
    expect(isGrantOutcome('maybe')).toBe(false);
    expect(isGrantOutcome(undefined)).toBe(false);
  });
});
