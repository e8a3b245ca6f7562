import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectBalance, signUp } from './support/creator.ts';
import { expectNoMediaSpinner } from './support/media-spinner.ts';

const screenshots = path.resolve(import.meta.dirname, '../test-results/screenshots');
const phone = { width: 390, height: 844 };

/** The page at 1280 and at 390 px wide, from the top (a scrolled full-page capture draws sticky parts mid-page). */
async function capture(page: Page, name: string): Promise<void> {
  const desktop = page.viewportSize();
  await expectNoMediaSpinner(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(screenshots, `${name}.desktop.png`),
    fullPage: true,
    animations: 'disabled',
  });
  await page.setViewportSize(phone);
  await expectNoMediaSpinner(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(screenshots, `${name}.phone.png`),
    fullPage: true,
    animations: 'disabled',
  });
  if (desktop) await page.setViewportSize(desktop);
}

/**
 * A `<video>` has loaded its metadata (the browser decodes what the server
 * sent, and it lasts the 4 s asked for) and stopped fetching for now.
 */
async function expectPlayable(video: Locator): Promise<void> {
  const state = () =>
    video.evaluate((element) => {
      const media = element as HTMLVideoElement;
      return {
        metadata: media.readyState >= HTMLMediaElement.HAVE_METADATA,
        seconds: Math.round(media.duration),
        fetching: media.networkState === HTMLMediaElement.NETWORK_LOADING,
      };
    });
  await expect
    .poll(state, { message: 'the video loads and lasts 4 s', timeout: 20_000 })
    .toEqual({ metadata: true, seconds: 4, fetching: false });
}

test('a creator makes a 4 s video, watches the draft go live to the finished player, publishes it, and a visitor plays it from the feed', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const suffix = randomUUID().slice(0, 6);
  // The Vertex fake takes 8 s over this video, so the draft stays in "Generating" long enough to be seen there.
  const prompt = `a paper boat sailing down a neon canal at night ${suffix} [fake: veo-ms=8000]`;

  // A visitor, signed out, watches the feed first: the video must arrive without a reload.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/');
  await expect(
    visitor.getByRole('list', { name: 'Explore feed' }).or(visitor.getByText(/Nothing here yet/i)),
  ).toBeVisible();

  const creator = await signUp(browser, 'director');
  await creator.getByRole('group', { name: 'What to make' }).getByText('Video', { exact: true }).click();
  await expect(creator).toHaveURL(/\/create\?mode=video$/);
  const form = creator.getByRole('form', { name: 'Create a video' });
  await form.getByLabel('Prompt', { exact: true }).fill(prompt);
  await form
    .getByRole('group', { name: /Length/ })
    .getByText('4 s', { exact: true })
    .click();
  await expect(form.getByTestId('video-price')).toContainText('for 4 seconds');
  await expect(form.getByText(/This will use 20 tokens/)).toBeVisible();
  await capture(creator, 'create-video');

  await form.getByRole('button', { name: 'Generate' }).click();
  await expect(creator).toHaveURL(/\/drafts$/, { timeout: 20_000 });
  await expectBalance(creator, 30);

  // One page, never reloaded: each phase arrives through the listener.
  const draft = creator.getByTestId('draft').filter({ hasText: suffix });
  await expect(draft).toHaveCount(1, { timeout: 20_000 });
  await expect(draft.getByText('Generating', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(draft.getByRole('progressbar', { name: 'Video progress' })).toBeVisible();
  await creator.screenshot({ path: path.join(screenshots, 'drafts-generating.desktop.png') });
  const player = draft.getByLabel(`Video: ${prompt}`);
  await expect(player).toBeVisible({ timeout: 60_000 });
  await expect(draft.getByText('Done', { exact: true })).toBeVisible();
  await expect(draft.getByRole('progressbar')).toHaveCount(0);
  await expectPlayable(player);
  await capture(creator, 'drafts');

  await draft.getByRole('button', { name: /^Publish/ }).click();
  const published = draft.getByTestId('draft-published');
  await expect(published).toBeVisible({ timeout: 20_000 });
  await expect(published.getByRole('link', { name: 'View the post' })).toBeFocused();

  // The visitor's feed shows the new video card live, with its length, and it plays on hover.
  const card = visitor.getByTestId('post-card').filter({ has: visitor.getByRole('img', { name: prompt }) });
  await expect(card).toHaveCount(1, { timeout: 20_000 });
  const cardLink = card.getByRole('link', { name: prompt });
  await expect(cardLink).toContainText('Video, 4 seconds');
  await card.hover();
  await expectPlayable(card.locator('video'));
  await visitor.screenshot({ path: path.join(screenshots, 'feed-video.desktop.png') });

  await cardLink.click();
  await expect(visitor).toHaveURL(/\/p\/[A-Za-z0-9_-]+$/);
  await expect(visitor.getByRole('heading', { level: 1, name: prompt })).toBeVisible({ timeout: 20_000 });
  await expectPlayable(visitor.getByTestId('post-video'));
  await capture(visitor, 'video-post');
});
