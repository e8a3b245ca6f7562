import { createRequire } from 'node:module';
import { CloudTasksClient } from '@google-cloud/tasks';
import type * as gax from 'google-gax';

/**
 * A Cloud Tasks client. With `emulatorHost` (`host:port`, the form of
 * CLOUD_TASKS_EMULATOR_HOST) it speaks plaintext gRPC to the local emulator
 * and never looks for Google credentials.
 */
export function createCloudTasksClient(emulatorHost?: string): CloudTasksClient {
  if (!emulatorHost) return new CloudTasksClient();
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(emulatorHost.trim());
  if (!match) throw new Error(`CLOUD_TASKS_EMULATOR_HOST must be "host:port", got "${emulatorHost}"`);
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  return new CloudTasksClient({
    apiEndpoint: match[1],
    port: Number(match[2]),
    sslCreds: clientGrpc().credentials.createInsecure(),
    fallback: false,
  });
}

/**
 * The gRPC module of the google-gax copy that @google-cloud/tasks itself
 * loads: credentials from any other copy fail its instanceof check
 * ("Channel credentials must be a ChannelCredentials object").
 */
function clientGrpc(): (typeof gax)['grpc'] {
  const require = createRequire(import.meta.url);
  return (createRequire(require.resolve('@google-cloud/tasks'))('google-gax') as typeof gax).grpc;
}

/** One named HTTP task to a Cloud Run service, signed with an OIDC token for it. */
export interface NamedHttpTask {
  /** `projects/P/locations/L/queues/Q`. */
  parent: string;
  /** Derived from the job (and step), so a second create of the same work finds it exists. */
  taskId: string;
  dispatchDeadlineSeconds: number;
  /** The service's base URL: the OIDC audience. */
  serviceUrl: string;
  /** The path under it, e.g. `/tasks/image`. */
  route: string;
  body: object;
  /** The service account Cloud Tasks signs as; the service lets only it in. */
  invokerEmail: string;
  /** Due this many seconds from now; absent means at once. */
  delaySeconds?: number;
  /** How long the CreateTask call may take, in ms. @default 10000 */
  timeoutMs?: number;
}

const grpcAlreadyExists = 6;

/**
 * Creates the task. Resolves once it exists, whether this call created it or
 * an earlier one did: the name derives from the work, so a retry or a
 * redelivered step is a no-op rather than a second run.
 */
export async function createNamedHttpTask(client: CloudTasksClient, task: NamedHttpTask): Promise<void> {
  const baseUrl = task.serviceUrl.replace(/\/+$/, '');
  try {
    await client.createTask(
      {
        parent: task.parent,
        task: {
          name: `${task.parent}/tasks/${task.taskId}`,
          ...(task.delaySeconds === undefined ? {} : { scheduleTime: timestampIn(task.delaySeconds) }),
          dispatchDeadline: { seconds: task.dispatchDeadlineSeconds },
          httpRequest: {
            httpMethod: 'POST',
            url: `${baseUrl}${task.route}`,
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify(task.body)),
            oidcToken: { serviceAccountEmail: task.invokerEmail, audience: baseUrl },
          },
        },
      },
      { timeout: task.timeoutMs ?? 10_000 },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === grpcAlreadyExists) return;
    throw error;
  }
}

/** Now plus `delaySeconds` (fractions kept), as a google.protobuf.Timestamp. */
function timestampIn(delaySeconds: number): { seconds: number; nanos: number } {
  const dueMs = Date.now() + Math.max(0, delaySeconds) * 1000;
  return { seconds: Math.floor(dueMs / 1000), nanos: Math.round((dueMs % 1000) * 1_000_000) };
}
