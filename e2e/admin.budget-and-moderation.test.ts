import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { defaultLimits, quoteImageJob } from '@phoenix/core';
import { updateLimitsFor } from '../functions/src/admin/limits.ts';
import { generate, latestJob, signUp } from './support/creator.ts';
import { StackAdmin } from './support/stack-admin.ts';

const screenshots = path.resolve(import.meta.dirname, '../test-results/screenshots');
const phone = { width: 390, height: 844 };
const stackAdmin = new StackAdmin();

test.afterAll(async () => {
  // Later journeys run on the default limits: put them back through the admin path itself.
  await updateLimitsFor({ db: stackAdmin.db }, { ...defaultLimits });
  await stackAdmin.close();
});

async function openAdminTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`admin-tab-${tab}`).click();
  await expect(page.getByTestId(`admin-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

test('an admin tightens the cap: a user is moved to the cheaper model, then refused, and the alert arrives live', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const label = `boss${randomUUID().slice(0, 6)}`;
  const admin = await signUp(browser, label);
  await stackAdmin.makeAdmin(`${label}-`);
  await admin.goto('/admin');
  // The claim reaches this session with a fresh token: the 403 page offers exactly that.
  await expect(admin.getByTestId('admin-forbidden')).toBeVisible({ timeout: 20_000 });
  await admin.getByRole('button', { name: 'Check again' }).click();
  await expect(admin.getByTestId('admin-tab-overview')).toBeVisible({ timeout: 20_000 });

  // A cap with room for one default job (2 images) and a little more: that job takes the
  // month past 90%, where pricier requests run on the cheapest model, and the next one does not fit.
  const oneJob = quoteImageJob({ model: 'gemini-3.1-flash-image', count: 2, imageSize: '1K' }).microUsd;
  const capUsd = ((await stackAdmin.monthSpendMicroUsd()) + oneJob + 6_000) / 1_000_000;
  await openAdminTab(admin, 'limits');
  await admin.getByTestId('limits-monthlyUsdCap').fill(String(capUsd));
  await admin.getByTestId('limits-save').click();
  await expect(admin.getByText('Saved. The new limits apply at once.')).toBeVisible({ timeout: 20_000 });
  await openAdminTab(admin, 'overview');

  const user = await signUp(browser, 'maker');
  await generate(user, `a brass owl in the rain ${label}`, 2);
  await expect(latestJob(user)).toContainText(`a brass owl in the rain ${label}`, { timeout: 20_000 });

  // The 80% alert lands in the console without a reload.
  await expect(admin.getByTestId('admin-alert').first()).toContainText('80%', { timeout: 30_000 });
  await admin.screenshot({ path: path.join(screenshots, 'admin-alert-desktop.png'), fullPage: true });

  // Before the user asks again, the form says the budget is nearly spent and names the cheaper model.
  await expect(user.getByTestId('budget-note')).toContainText(
    'Budget nearly reached: using the cheaper model (Gemini 2.5 Flash Image)',
    { timeout: 30_000 },
  );
  await user.setViewportSize(phone);
  await user.screenshot({ path: path.join(screenshots, 'create-budget-note-390.png'), fullPage: true });
  await generate(user, `a second owl ${label}`, 2);
  await expect(
    user.getByRole('alert').filter({ hasText: "Phoenix has reached this month's generation budget" }),
  ).toBeVisible({ timeout: 30_000 });
  await user.screenshot({ path: path.join(screenshots, 'create-budget-refused-390.png'), fullPage: true });
});

test('an admin restores a post that reports hid, and it is public again', async ({ browser }) => {
  test.setTimeout(180_000);
  const label = `mod${randomUUID().slice(0, 6)}`;
  const postId = `reported_${label}`;
  const prompt = `a neon fox that was reported ${label}`;
  await stackAdmin.seedReportedPost(`owner_${label}`, postId, prompt);

  const admin = await signUp(browser, label);
  await stackAdmin.makeAdmin(`${label}-`);
  await admin.goto('/admin?tab=moderation');
  await admin.getByRole('button', { name: 'Check again' }).click();
  const item = admin.getByTestId('moderation-item').filter({ hasText: prompt });
  await expect(item).toBeVisible({ timeout: 20_000 });
  await expect(item).toContainText('looks like an ad');
  await admin.screenshot({ path: path.join(screenshots, 'admin-moderation-desktop.png'), fullPage: true });
  await item.getByTestId('moderation-reason').fill('Checked: it is a drawing, not an ad.');
  await item.getByTestId('moderation-restore').click();
  await expect(item).toBeHidden({ timeout: 20_000 });

  // A signed-out visitor can open it again.
  const visitor = await browser.newPage();
  await visitor.goto(`/p/${postId}`);
  await expect(visitor.getByText(prompt).first()).toBeVisible({ timeout: 20_000 });
});
