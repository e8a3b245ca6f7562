import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { imageQueue } from '@phoenix/core';
import { createLocalTasksClient } from '../dev/src/cloud-tasks/client.ts';
import { demoProjectId, stackEnv } from '../dev/src/stack/launch.ts';
import { portsFor } from '../dev/src/stack/ports.ts';
import { expectBalance, generate, recentJobs, signUp } from './support/creator.ts';

const screenshots = path.resolve(import.meta.dirname, '../test-results/screenshots');

test('a waiting job shows its place in line live, moves up when the job ahead is canceled, and runs when the queue does', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const env = stackEnv(portsFor('test'));
  const tasks = createLocalTasksClient(env.CLOUD_TASKS_EMULATOR_HOST!);
  const queue = tasks.queuePath(demoProjectId, env.TASKS_LOCATION!, imageQueue.name);
  const tag = randomUUID().slice(0, 6);

  // Held in the queue, as jobs are when every image worker is busy.
  await tasks.pauseQueue({ name: queue });
  try {
    const creator = await signUp(browser, 'waiter');
    await expectBalance(creator, 50);

    await generate(creator, `first in line ${tag}`, 1);
    const first = recentJobs(creator).filter({ hasText: `first in line ${tag}` });
    await expect(first).toContainText('next in line', { timeout: 20_000 });

    await generate(creator, `second in line ${tag}`, 1);
    const second = recentJobs(creator).filter({ hasText: `second in line ${tag}` });
    await expect(second).toContainText('1 job ahead of yours', { timeout: 20_000 });
    await creator.screenshot({ path: path.join(screenshots, 'create.queued.desktop.png') });

    await first.getByRole('button', { name: /Cancel/ }).click();
    await expect(first).toContainText(/Canceled/, { timeout: 20_000 });
    // The cancel refreshes the queue board, which the waiting job's page listens to.
    await expect(second).toContainText('next in line', { timeout: 40_000 });

    await tasks.resumeQueue({ name: queue });
    await expect(second).toContainText(/Done/, { timeout: 30_000 });
    // The canceled job was refunded; the other was charged its 2 tokens.
    await expectBalance(creator, 48);
  } finally {
    await tasks.resumeQueue({ name: queue });
    await tasks.close();
  }
});
