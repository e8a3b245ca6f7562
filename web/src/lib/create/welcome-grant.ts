/**
 * The words of the email verification that earns the welcome tokens: what a
 * grant answer means for the person, and when "Send the link again" may be
 * pressed. The grant itself is the server's (once per verified address);
 * this only says what happened. Pure.
 */
import { STARTING_GRANT_TOKENS } from '@phoenix/core';

/** What `ensureAccount` answers about the starting grant. */
export type GrantOutcome = 'granted' | 'already-granted' | 'address-used' | 'unverified';

export function isGrantOutcome(value: unknown): value is GrantOutcome {
  return (
    value === 'granted' || value === 'already-granted' || value === 'address-used' || value === 'unverified'
  );
}

/** The banner's request: follow the link to earn the tokens. */
export function verifyPrompt(email: string): string {
  return `We sent a link to ${email}. Follow it to get your ${STARTING_GRANT_TOKENS} welcome tokens.`;
}

/** Said under the prompt when the app talks to the Auth emulator, which sends no mail. */
export const LOCAL_LINK_HINT = 'Running locally: the link is printed in the terminal running npm start.';

export const ADDRESS_USED_MESSAGE = `This address already received its ${STARTING_GRANT_TOKENS} welcome tokens on an earlier account, so this account starts without them. Tokens are given once per email address.`;

/**
 * What to say after "I've verified": `done` means the banner can go (the
 * address is verified), and `message` is announced either way.
 */
export function grantOutcomeMessage(
  outcome: GrantOutcome,
  email: string,
): { done: boolean; message: string } {
  switch (outcome) {
    case 'granted':
      return {
        done: true,
        message: `Your email is verified: your ${STARTING_GRANT_TOKENS} welcome tokens have arrived.`,
      };
    case 'already-granted':
      return { done: true, message: 'Your email is verified. This account already has its welcome tokens.' };
    case 'address-used':
      return { done: true, message: `Your email is verified. ${ADDRESS_USED_MESSAGE}` };
    case 'unverified':
      return {
        done: false,
        message: `${email} is not verified yet. Open the newest link we sent, then press “I've verified” again.`,
      };
  }
}

/** How long "Send the link again" rests after a send, in seconds (default 60): mail takes a moment. */
export const RESEND_REST_SECONDS = 60;

/** The resend button's words: ready, or how long until it is. */
export function resendLabel(restsForSeconds: number): string {
  return restsForSeconds > 0 ? `Send the link again in ${restsForSeconds} s` : 'Send the link again';
}

/** What to say when sending the link failed, by the Auth error code. */
export function resendProblem(code: string | undefined): string {
  if (code === 'auth/too-many-requests') {
    return 'We have sent several links in a short time. Wait a few minutes, then send it again; the last link still works.';
  }
  if (code === 'auth/network-request-failed') {
    return 'We could not reach the sign-in service. Check your connection and try again.';
  }
  return 'The link could not be sent. Try again in a moment.';
}
