import { randomUUID } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';

/**
 * Signs a new user up through the page, in a browser context of their own;
 * lands on /create. `screenshot` saves the filled-in form there first. The app
 * then asks for a username: `username` claims it, otherwise "Not now".
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
  await page.getByLabel('Email').fill(`${label}-${randomUUID().slice(0, 8)}@example.com`);
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
