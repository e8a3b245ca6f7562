import { imageQueue, imageService, videoQueue, videoWorker } from '@phoenix/core';
import { createLocalTasksClient } from '../cloud-tasks/client.ts';

/**
 * Gives the emulator's `images` and `videos` queues the retry and rate
 * settings that deploy gives the real ones, from the same numbers in core, so "last attempt" means
 * the same thing locally. Locally there is one image service instance, so the
 * queue dispatches at most one instance's concurrency at a time.
 */
export async function configureQueues(tasksHost: string, project: string, location: string): Promise<void> {
  const client = createLocalTasksClient(tasksHost);
  try {
    // Locally there is one instance of each service, so each queue dispatches at most its concurrency.
    for (const [queue, concurrency] of [
      [imageQueue, imageService.concurrency],
      [videoQueue, videoWorker.concurrency],
    ] as const) {
      await client.updateQueue({
        queue: {
          name: client.queuePath(project, location, queue.name),
          rateLimits: {
            maxDispatchesPerSecond: queue.maxDispatchesPerSecond,
            maxConcurrentDispatches: concurrency,
          },
          retryConfig: {
            maxAttempts: queue.maxAttempts,
            minBackoff: { seconds: queue.minBackoffSeconds },
            maxBackoff: { seconds: queue.maxBackoffSeconds },
            maxDoublings: queue.maxDoublings,
          },
        },
        updateMask: { paths: ['rate_limits', 'retry_config'] },
      });
    }
  } finally {
    await client.close();
  }
}
