import { randomUUID } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import { portsFor } from '../../dev/src/stack/ports.ts';
import { demoProjectId } from '../../dev/src/stack/services.ts';
import type { OobCode } from '../../dev/src/stack/verification-links.ts';

/** The Auth emulator of the stack the browser tests run against. */
const authOrigin = `http://127.0.0.1:${portsFor('test').auth}`;

/**
 * The newest email verification link the Auth emulator holds for `email`,
 * waiting for the app to have asked for one. The emulator sends no mail: it
 * keeps each out-of-band code and lists them over REST.
 */
async function verificationLink(email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${authOrigin}/emulator/v1/projects/${demoProjectId}/oobCodes`);
        const { oobCodes = [] } = (await response.json()) as { oobCodes?: OobCode[] };
        link = oobCodes
          .filter((code) => code.requestType === 'VERIFY_EMAIL' && code.email === email && code.oobLink)
          .at(-1)?.oobLink;
        return link;
      },
      { message: `a verification link for ${email}`, timeout: 20_000 },
    )
    .toBeTruthy();
  return link!;
}

/**
 * Follows the verification link the way a person does, in a tab of the same
 * browser (the emulator's action page applies it), then presses "I've
 * verified" in the app's banner; the welcome tokens arrive.
 */
async function verifyEmail(page: Page, email: string): Promise<void> {
  const banner = page.getByTestId('verify-banner');
  await expect(banner).toContainText(email);
  const tab = await page.context().newPage();
  const answer = await tab.goto(await verificationLink(email));
  expect(answer?.ok(), 'the Auth emulator applied the verification link').toBe(true);
  await tab.close();
  await banner.getByRole('button', { name: "I've verified" }).click();
  await expect(page.getByTestId('verify-outcome')).toContainText('welcome tokens have arrived', {
    timeout: 20_000,
  });
  await expect(banner).toBeHidden();
  await expectBalance(page, 50);
}

/**
 * Signs a new user up through the page, in a browser context of their own;
 * lands on /create. `screenshot` saves the filled-in form there first. The app
 * then asks for a username: `username` claims it, otherwise "Not now". Last,
 * the user follows the emailed verification link and claims the 50 welcome
 * tokens, so every test starts from a verified account holding 50.
 */
export async function signUp(
  browser: Browser,
  label: string,
  screenshot?: string,
  username?: string,
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Create account' }).first().click();
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct-horse-battery');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.getByRole('button', { name: 'Create account' }).last().click();
  await expect(page).toHaveURL(/\/create/);
  const dialog = page.getByTestId('username-dialog');
  if (username) {
    await dialog.getByLabel('Username').fill(username);
    await expect(dialog.getByTestId('username-status')).toContainText('is available', { timeout: 20_000 });
    await dialog.getByTestId('username-claim').click();
  } else {
    await dialog.getByTestId('username-skip').click({ timeout: 20_000 });
  }
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  await verifyEmail(page, email);
  return page;
}

/** The header's live balance, read from its accessible name ("Token balance: 48"). */
export function balance(page: Page) {
  return page.getByLabel(/Token balance/);
}

export async function expectBalance(page: Page, tokens: number): Promise<void> {
  // A fresh browser context's first Firestore connection can take many seconds on a busy 2-core machine.
  await expect(balance(page)).toHaveAccessibleName(new RegExp(`Token balance:? ${tokens}\\b`), {
    timeout: 30_000,
  });
}

export async function generate(page: Page, prompt: string, variations: number): Promise<void> {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page
    .getByRole('group', { name: /Variations/ })
    .getByText(String(variations), { exact: true })
    .click();
  const button = page.getByRole('button', { name: 'Generate' });
  await button.click();
  // Busy is announced, not `disabled`, so keyboard focus stays where it was.
  await expect(button).toBeFocused();
}

/** The items of "Your recent jobs", newest first. */
export function recentJobs(page: Page) {
  return page.getByRole('list', { name: 'Your recent jobs' }).getByRole('listitem');
}

export function latestJob(page: Page) {
  return recentJobs(page).first();
}
