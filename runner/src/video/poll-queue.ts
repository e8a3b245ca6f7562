import { createRequire } from 'node:module';
import { CloudTasksClient } from '@google-cloud/tasks';
import type * as gax from 'google-gax';
import { videoQueue, videoTaskId, type VideoTaskBody } from '@phoenix/core';

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

const grpcAlreadyExists = 6;

/** Now plus `delaySeconds` (fractions kept), as a google.protobuf.Timestamp. */
function timestampIn(delaySeconds: number): { seconds: number; nanos: number } {
  const dueMs = Date.now() + Math.max(0, delaySeconds) * 1000;
  return { seconds: Math.floor(dueMs / 1000), nanos: Math.round((dueMs % 1000) * 1_000_000) };
}

export function createPollScheduler(target: PollTarget, client: CloudTasksClient): PollScheduler {
  const parent = client.queuePath(target.project, target.location, videoQueue.name);
  const baseUrl = target.workerUrl.replace(/\/+$/, '');
  return {
    async schedule(jobId, poll, delaySeconds) {
      const body: VideoTaskBody = { jobId, poll };
      try {
        await client.createTask(
          {
            parent,
            task: {
              name: `${parent}/tasks/${videoTaskId(jobId, { poll })}`,
              scheduleTime: timestampIn(delaySeconds),
              dispatchDeadline: { seconds: videoQueue.dispatchDeadlineSeconds },
              httpRequest: {
                httpMethod: 'POST',
                url: `${baseUrl}/tasks/video`,
                headers: { 'Content-Type': 'application/json' },
                body: Buffer.from(JSON.stringify(body)),
                oidcToken: { serviceAccountEmail: target.invokerEmail, audience: baseUrl },
              },
            },
          },
          { timeout: 10_000 },
        );
      } catch (error) {
        if ((error as { code?: unknown }).code === grpcAlreadyExists) return;
        throw error;
      }
    },
  };
}

/**
 * A Cloud Tasks client; with `emulatorHost` (`host:port`) it speaks plaintext
 * gRPC to the local emulator and never looks for Google credentials.
 */
export function createTasksClient(emulatorHost: string | undefined): CloudTasksClient {
  if (!emulatorHost) return new CloudTasksClient();
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(emulatorHost.trim());
  if (!match) throw new Error(`CLOUD_TASKS_EMULATOR_HOST must be "host:port", got "${emulatorHost}"`);
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const require = createRequire(import.meta.url);
  // Credentials must come from the google-gax copy the tasks client loads (its instanceof check).
  const grpc = (createRequire(require.resolve('@google-cloud/tasks'))('google-gax') as typeof gax).grpc;
  return new CloudTasksClient({
    apiEndpoint: match[1],
    port: Number(match[2]),
    sslCreds: grpc.credentials.createInsecure(),
    fallback: false,
  });
}
