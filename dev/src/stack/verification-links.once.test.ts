import { describe, expect, it } from 'vitest';
import { type OobCode, takeNewVerificationLinks } from './verification-links.ts';

const ada: OobCode = {
  email: 'ada@example.com',
  oobCode: 'code-ada',
  oobLink: 'http://127.0.0.1:9099/emulator/action?mode=verifyEmail&oobCode=code-ada',
  requestType: 'VERIFY_EMAIL',
};
const bob: OobCode = { ...ada, email: 'bob@example.com', oobCode: 'code-bob', oobLink: 'link-bob' };

describe('takeNewVerificationLinks', () => {
  it('gives each verification link once, across polls that list it again', () => {
    const seen = new Set<string>();
    expect(takeNewVerificationLinks(seen, [ada])).toEqual([{ email: 'ada@example.com', link: ada.oobLink }]);
    expect(takeNewVerificationLinks(seen, [ada, bob])).toEqual([
      { email: 'bob@example.com', link: 'link-bob' },
    ]);
    expect(takeNewVerificationLinks(seen, [ada, bob])).toEqual([]);
  });

  it('gives a second link for the same address (a resent email) as new', () => {
    const seen = new Set<string>();
    takeNewVerificationLinks(seen, [ada]);
    const resent = { ...ada, oobCode: 'code-ada-2', oobLink: 'link-ada-2' };
    expect(takeNewVerificationLinks(seen, [ada, resent])).toEqual([
      { email: 'ada@example.com', link: 'link-ada-2' },
    ]);
  });

  it('leaves out password resets, sign-in links and entries without a link', () => {
    const seen = new Set<string>();
    expect(
      takeNewVerificationLinks(seen, [
        { ...ada, requestType: 'PASSWORD_RESET', oobCode: 'r' },
        { ...ada, requestType: 'EMAIL_SIGNIN', oobCode: 's' },
        { ...ada, oobCode: 'no-link', oobLink: '' },
      ]),
    ).toEqual([]);
  });
});
