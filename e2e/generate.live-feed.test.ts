import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { balance, expectBalance, generate, latestJob, signUp } from './support/creator.ts';

const screenshots = path.resolve(import.meta.dirname, '../test-results/screenshots');

test('a new user generates two variations that reach another user’s feed live, and a blocked prompt costs nothing', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const prompt = `a glass hummingbird over a waterfall ${randomUUID().slice(0, 6)}`;

  // B watches the feed first, so the new posts must arrive without a reload.
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto('/');
  const feed = viewer.getByRole('list', { name: 'Explore feed' });
  await expect(feed.or(viewer.getByText(/Nothing here yet/i))).toBeVisible();

  const creator = await signUp(browser, 'creator', path.join(screenshots, 'signin.desktop.png'));
  await expectBalance(creator, 50);

  await generate(creator, prompt, 2);
  await expect(latestJob(creator)).toContainText(prompt, { timeout: 20_000 });
  await expect(latestJob(creator)).toContainText(/Done/, { timeout: 30_000 });
  await expectBalance(creator, 46);

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
  await expectBalance(creator, 46);

  // The balance opens the live token history: each movement in words, newest first.
  await balance(creator).click();
  const history = creator.getByRole('list', { name: 'Token history' }).getByRole('listitem');
  await expect(history).toHaveCount(4);
  await expect(history.nth(0)).toContainText(/\+\d+.*Refund: .*safety filter/i);
  await expect(history.filter({ hasText: '2 images with' })).toContainText('\u2212');
  await expect(history.nth(3)).toContainText(/\+50\b.*Welcome tokens/);
  await creator.keyboard.press('Escape');
  await expect(history).toHaveCount(0);
  await expect(balance(creator)).toBeFocused();

  // A full-page capture of a scrolled page draws the fixed and sticky parts mid-page.
  await creator.evaluate(() => window.scrollTo(0, 0));
  await creator.screenshot({ path: path.join(screenshots, 'create.desktop.png'), fullPage: true });
  await viewer.screenshot({ path: path.join(screenshots, 'feed.desktop.png'), fullPage: true });
});
