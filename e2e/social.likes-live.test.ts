import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generate, latestJob, recentJobs, signUp } from './support/creator.ts';

const screenshots = path.resolve(import.meta.dirname, '../test-results/screenshots');
const phone = { width: 390, height: 844 };

/** Makes one image and opens its post page from the maker's own profile. */
async function postOwnImage(page: Page, username: string, prompt: string): Promise<string> {
  await generate(page, prompt, 1);
  await expect(latestJob(page)).toContainText(prompt, { timeout: 20_000 });
  await expect(latestJob(page)).toContainText(/Done/, { timeout: 60_000 });
  await page.goto(`/u/${username}`);
  const card = page.getByRole('link', { name: new RegExp(prompt) }).first();
  await expect(card).toBeVisible({ timeout: 20_000 });
  await card.click();
  await expect(page).toHaveURL(/\/p\/[A-Za-z0-9_-]+$/);
  return new URL(page.url()).pathname;
}

const heart = (page: Page) => page.getByTestId('like-button').first();
const countOn = (page: Page) => heart(page).getByTestId('like-count');

async function like(page: Page, postPath: string): Promise<void> {
  await page.goto(postPath);
  await expect(heart(page)).toHaveAttribute('aria-pressed', 'false', { timeout: 20_000 });
  await heart(page).click();
  // Optimistic: the heart fills at once, before the server answers.
  await expect(heart(page)).toHaveAttribute('aria-pressed', 'true');
}

test('two named users like each other’s images: counts, Top and the bell move live, and survive a reload', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const suffix = randomUUID().replaceAll('-', '').slice(0, 6);
  const adaName = `ada_${suffix}`;
  const graceName = `grace_${suffix}`;
  const ada = await signUp(browser, 'ada', undefined, adaName);
  const grace = await signUp(browser, 'grace', undefined, graceName);

  const adaPost = await postOwnImage(ada, adaName, `a lighthouse of blown glass ${suffix}`);
  const gracePost = await postOwnImage(grace, graceName, `a paper crane in a storm ${suffix}`);
  await expect(ada.getByTestId('author-link').first()).toContainText(`@${adaName}`);
  await expect(countOn(ada)).toHaveText('0');
  await expect(countOn(grace)).toHaveText('0');

  // Each likes the other's image; each watches their own count move without a reload.
  const graceBrowsing = await grace.context().newPage();
  await like(graceBrowsing, adaPost);
  await expect(countOn(ada)).toHaveText('1', { timeout: 15_000 });

  const adaBrowsing = await ada.context().newPage();
  await like(adaBrowsing, gracePost);
  await expect(countOn(grace)).toHaveText('1', { timeout: 15_000 });

  // Grace remixes Ada's image: the create form says whose, and the new post links back.
  await graceBrowsing.getByRole('link', { name: 'Remix' }).click();
  await expect(graceBrowsing.getByTestId('remix-note')).toContainText(`@${adaName}`, { timeout: 15_000 });
  await graceBrowsing.getByRole('button', { name: 'Generate' }).click();
  // The remix is Grace's newest job once the call has answered; until then her older one is.
  const remixJob = recentJobs(graceBrowsing).filter({ hasText: `lighthouse of blown glass ${suffix}` });
  await expect(remixJob).toContainText(/Done/, { timeout: 60_000 });
  await graceBrowsing.goto(`/u/${graceName}`);
  const remixCard = graceBrowsing.getByRole('link', {
    name: new RegExp(`lighthouse of blown glass ${suffix}`),
  });
  await expect(remixCard.first()).toBeVisible({ timeout: 20_000 });
  await remixCard.first().click();
  await expect(graceBrowsing.getByTestId('remixed-from')).toContainText(`@${adaName}`);
  await expect(graceBrowsing.getByTestId('remixed-from')).toHaveAttribute('href', adaPost);

  // The bell tells Ada, live, that Grace liked her image.
  const bell = ada.getByTestId('notification-bell');
  await expect(ada.getByTestId('notification-badge')).toBeVisible({ timeout: 15_000 });
  await bell.click();
  const panel = ada.getByTestId('notification-panel');
  await expect(panel.getByTestId('notification-item').filter({ hasText: /liked your image/ })).toContainText(
    `${graceName} liked your image`,
  );
  await ada.screenshot({ path: path.join(screenshots, 'notifications.desktop.png') });
  await ada.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(bell).toBeFocused();

  // Ada likes her own image too: two likes against one, so Top puts hers first.
  await heart(ada).click();
  await expect(countOn(ada)).toHaveText('2', { timeout: 15_000 });
  // Anyone opening Top today sees it: a visitor in a browser of their own, signed out.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/?tab=top&window=today');
  const top = visitor.getByTestId('explore-feed').getByRole('listitem');
  await expect(top.first().getByRole('link').first()).toHaveAttribute('href', adaPost, { timeout: 20_000 });
  await expect(top.first().getByTestId('like-count')).toHaveText('2');
  await visitor.screenshot({ path: path.join(screenshots, 'feed-top.desktop.png') });

  // After a reload every count is the server's.
  for (const [page, postPath, likes] of [
    [ada, adaPost, '2'],
    [grace, gracePost, '1'],
  ] as const) {
    await page.goto(postPath);
    await expect(countOn(page)).toHaveText(likes, { timeout: 15_000 });
  }
  await expect(heart(grace)).toHaveAttribute('aria-pressed', 'false');

  await ada.goto(`/u/${adaName}`);
  await expect(ada.getByTestId('profile-like-count')).toContainText('2 likes', { timeout: 15_000 });
  await ada.screenshot({ path: path.join(screenshots, 'profile.desktop.png'), fullPage: true });
  await ada.setViewportSize(phone);
  await ada.screenshot({ path: path.join(screenshots, 'profile.phone.png'), fullPage: true });
  await ada.goto('/?tab=top&window=today');
  await expect(ada.getByTestId('explore-feed').getByRole('listitem').first()).toBeVisible();
  await ada.screenshot({ path: path.join(screenshots, 'feed-top.phone.png') });
  await ada.getByTestId('notification-bell').click();
  await expect(ada.getByTestId('notification-panel')).toBeVisible();
  await ada.screenshot({ path: path.join(screenshots, 'notifications.phone.png') });
});
