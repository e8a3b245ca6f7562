import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';

const screenshots = path.resolve(import.meta.dirname, '../test-results/screenshots');

async function signUp(browser: Browser, label: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Create account' }).first().click();
  await page.getByLabel('Email').fill(`${label}-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create account' }).last().click();
  await expect(page).toHaveURL(/\/create/);
  return page;
}

/** The header's live balance, read from its accessible name ("Token balance: 48"). */
function balance(page: Page) {
  return page.getByLabel(/Token balance/);
}

async function expectBalance(page: Page, tokens: number): Promise<void> {
  // A fresh browser context's first Firestore connection can take many seconds on a busy 2-core machine.
  await expect(balance(page)).toHaveAccessibleName(new RegExp(`Token balance:? ${tokens}\\b`), {
    timeout: 30_000,
  });
}

async function generate(page: Page, prompt: string, variations: number): Promise<void> {
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

function latestJob(page: Page) {
  return page.getByRole('list', { name: 'Your recent jobs' }).getByRole('listitem').first();
}

test('a new user generates two variations that reach another user’s feed live, and a blocked prompt costs nothing', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const prompt = `a glass hummingbird over a waterfall ${randomUUID().slice(0, 6)}`;

  // B watches the feed first, so the new posts must arrive without a reload.
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto('/');
  const feed = viewer.getByRole('list', { name: 'Explore feed' });
  await expect(feed.or(viewer.getByText(/No images yet/i))).toBeVisible();

  const creator = await signUp(browser, 'creator');
  await expectBalance(creator, 50);

  await generate(creator, prompt, 2);
  await expect(latestJob(creator)).toContainText(prompt, { timeout: 20_000 });
  await expect(latestJob(creator)).toContainText(/Done/, { timeout: 30_000 });
  await expectBalance(creator, 48);

  const arrived = viewer.getByRole('img', { name: prompt });
  await expect(arrived).toHaveCount(2, { timeout: 15_000 });
  for (const image of await arrived.all()) {
    await expect
      .poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
  }

  await generate(creator, 'a forbidden castle at dusk', 1);
  await expect(latestJob(creator)).toContainText('a forbidden castle at dusk', { timeout: 20_000 });
  await expect(latestJob(creator)).toContainText(/safety filter blocked this prompt/i, { timeout: 30_000 });
  await expect(latestJob(creator)).toContainText(/not charged/i);
  await expectBalance(creator, 48);

  // A full-page capture of a scrolled page draws the fixed and sticky parts mid-page.
  await creator.evaluate(() => window.scrollTo(0, 0));
  await creator.screenshot({ path: path.join(screenshots, 'create.desktop.png'), fullPage: true });
  await viewer.screenshot({ path: path.join(screenshots, 'feed.desktop.png'), fullPage: true });
});
