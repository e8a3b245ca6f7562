import { imageQueue, imageService } from '@phoenix/core';
import { createLocalTasksClient } from '../cloud-tasks/client.ts';

/**
 * Gives the emulator's `images` queue the retry and rate settings that deploy
 * gives the real one, from the same numbers in core, so "last attempt" means
 * the same thing locally. Locally there is one image service instance, so the
 * queue dispatches at most one instance's concurrency at a time.
 */
export async function configureQueues(tasksHost: string, project: string, location: string): Promise<void> {
  const client = createLocalTasksClient(tasksHost);
  try {
    await client.updateQueue({
      queue: {
        name: client.queuePath(project, location, imageQueue.name),
        rateLimits: {
          maxDispatchesPerSecond: imageQueue.maxDispatchesPerSecond,
          maxConcurrentDispatches: imageService.concurrency,
        },
        retryConfig: {
          maxAttempts: imageQueue.maxAttempts,
          minBackoff: { seconds: imageQueue.minBackoffSeconds },
          maxBackoff: { seconds: imageQueue.maxBackoffSeconds },
          maxDoublings: imageQueue.maxDoublings,
        },
      },
      updateMask: { paths: ['rate_limits', 'retry_config'] },
    });
  } finally {
    await client.close();
  }
}
