import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const screenshots = path.resolve(import.meta.dirname, '../test-results/screenshots');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Records what a healthy page must never do: log errors, throw, or leave this machine. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if ((protocol === 'http:' || protocol === 'https:') && !LOCAL_HOSTS.has(hostname)) {
      problems.push(`external request: ${request.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // Firestore's WebChannel ends its own long-poll requests when it rotates them.
    const rotated =
      request.failure()?.errorText === 'net::ERR_ABORTED' && request.url().includes('/Listen/channel');
    if (rotated) return;
    problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

test('home renders the hero, nav, and the live explore feed after its skeleton', async ({
  page,
}, testInfo) => {
  const problems = watch(page);
  await page.goto('/');

  await expect(page).toHaveTitle(/Phoenix/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Type a prompt. Watch it appear.' }),
  ).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Explore' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Create' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Phoenix, home' })).toBeVisible();

  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();

  // The first snapshot replaces the skeleton with the feed (or its empty state).
  await expect(
    page.getByRole('list', { name: 'Explore feed' }).or(page.getByText('Nothing here yet')),
  ).toBeVisible();
  await expect(page.getByRole('feed', { name: 'Explore' })).toHaveCount(0);

  // Nothing wider than the viewport (the classic mobile overflow bug).
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  const file = path.join(screenshots, `home-${testInfo.project.name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  await testInfo.attach(`home-${testInfo.project.name}`, { path: file, contentType: 'image/png' });

  expect(problems).toEqual([]);
});

test('the explore skeleton shows while the first snapshot is on its way', async ({ page }) => {
  // Holding Firestore's listen channel keeps the page waiting for its first snapshot.
  await page.route('**/google.firestore.v1.Firestore/**', () => {});
  await page.goto('/');
  const feed = page.getByRole('feed', { name: 'Explore' });
  await expect(feed).toHaveAttribute('aria-busy', 'true');
  expect(await feed.locator(':scope > *').count()).toBeGreaterThanOrEqual(8);
});

test('Tab reaches the skip link first, with a visible focus ring', async ({ page }) => {
  const problems = watch(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();

  const ring = await skip.evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);

  // Following it moves focus to the main landmark, past the header.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();

  expect(problems).toEqual([]);
});

test('skeleton shimmer stops for people who prefer reduced motion', async ({ page }) => {
  await page.route('**/google.firestore.v1.Firestore/**', () => {});
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  const tile = page.getByRole('feed').locator(':scope > *').first();
  await expect(tile).toHaveCSS('animation-name', 'none');

  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await expect(tile).not.toHaveCSS('animation-name', 'none');
});
