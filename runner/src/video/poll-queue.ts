import type { CloudTasksClient } from '@google-cloud/tasks';
import { videoQueue, videoTaskId, type VideoTaskBody } from '@phoenix/core';
import { createNamedHttpTask } from '@phoenix/server';

/** Enqueues a video job's next poll as a delayed task of the `videos` queue. */
export interface PollScheduler {
  /**
   * Creates poll `poll` of `jobId`, due in `delaySeconds`. The task is named
   * for the job and the poll, so a redelivered step that asks for the same
   * poll again finds it exists (and that counts as scheduled): one chain of
   * polls per job, whatever Cloud Tasks redelivers.
   */
  schedule(jobId: string, poll: number, delaySeconds: number): Promise<void>;
}

export interface PollTarget {
  project: string;
  location: string;
  /** The video worker's own URL: the tasks' target and OIDC audience. */
  workerUrl: string;
  invokerEmail: string;
}

export function createPollScheduler(target: PollTarget, client: CloudTasksClient): PollScheduler {
  const parent = client.queuePath(target.project, target.location, videoQueue.name);
  return {
    schedule(jobId, poll, delaySeconds) {
      const body: VideoTaskBody = { jobId, poll };
      return createNamedHttpTask(client, {
        parent,
        taskId: videoTaskId(jobId, { poll }),
        dispatchDeadlineSeconds: videoQueue.dispatchDeadlineSeconds,
        serviceUrl: target.workerUrl,
        route: '/tasks/video',
        body,
        invokerEmail: target.invokerEmail,
        delaySeconds,
      });
    },
  };
}
