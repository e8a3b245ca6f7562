import { imageQueue } from '@phoenix/core';
import { createLocalTasksClient } from '../cloud-tasks/client.ts';

/**
 * Gives the emulator's `images` queue the retry and rate settings that deploy
 * gives the real one, from the same numbers in core, so "last attempt" means
 * the same thing locally.
 */
export async function configureQueues(tasksHost: string, project: string, location: string): Promise<void> {
  const client = createLocalTasksClient(tasksHost);
  try {
    await client.updateQueue({
      queue: {
        name: client.queuePath(project, location, imageQueue.name),
        rateLimits: {
          maxDispatchesPerSecond: imageQueue.maxDispatchesPerSecond,
          maxConcurrentDispatches: imageQueue.maxConcurrentDispatches,
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
