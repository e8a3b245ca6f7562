import { randomUUID } from 'node:crypto';
import type { CloudTasksClient, protos } from '@google-cloud/tasks';
import { createLocalTasksClient } from './client.ts';
import { type OidcSigner, createOidcSigner } from './oidc.ts';
import { type RecordingTarget, type Responder, startRecordingTarget } from './recording-target.ts';
import { silentLogger } from '../../../runner/src/platform/log.ts';
import {
  type CloudTasksEmulator,
  type CloudTasksEmulatorOptions,
  startCloudTasksEmulator,
} from './server.ts';

export type QueueInput = protos.google.cloud.tasks.v2.IQueue;

export interface EmulatorHarness {
  emulator: CloudTasksEmulator;
  client: CloudTasksClient;
  /**
   * The key the emulator signs its deliveries' tokens with, and its certificates
   * publish: tests sign tokens Cloud Tasks never would (expired, another issuer) with it.
   */
  signer: OidcSigner;
  /** `projects/{project}/locations/{location}` every queue of this harness lives in. */
  location: string;
  /** Creates a queue with a fresh name (`{prefix}-{random}`) and returns its full name. */
  createQueue(prefix: string, settings?: Omit<QueueInput, 'name'>): Promise<string>;
  /** Starts a local HTTP target that records what it receives; `close()` stops it too. */
  target(responder?: Responder): Promise<RecordingTarget>;
  close(): Promise<void>;
}

/**
 * An in-process emulator (ephemeral ports, silent unless told otherwise) and
 * a real client pointed at it, for tests.
 */
export async function startEmulatorHarness(
  options: CloudTasksEmulatorOptions = {},
): Promise<EmulatorHarness> {
  const signer = options.signer ?? (await createOidcSigner());
  const emulator = await startCloudTasksEmulator({
    grpcPort: 0,
    httpPort: 0,
    logger: silentLogger,
    ...options,
    signer,
  });
  const client = createLocalTasksClient(emulator.grpcPort);
  const targets: RecordingTarget[] = [];
  const location = `projects/${options.project ?? 'demo-phoenix'}/locations/${options.location ?? 'us-central1'}`;
  return {
    emulator,
    client,
    signer,
    location,
    async createQueue(prefix, settings = {}) {
      const name = `${location}/queues/${prefix}-${randomUUID().slice(0, 8)}`;
      await client.createQueue({ parent: location, queue: { ...settings, name } });
      return name;
    },
    async target(responder) {
      const started = await startRecordingTarget(responder);
      targets.push(started);
      return started;
    },
    async close() {
      await client.close();
      await emulator.close();
      await Promise.all(targets.map((target) => target.close()));
    },
  };
}

/** Seconds as a google.protobuf.Duration. */
export function seconds(value: number): { seconds: number; nanos: number } {
  const whole = Math.floor(value);
  return { seconds: whole, nanos: Math.round((value - whole) * 1e9) };
}

/** Polls `check` every 20 ms until it holds; rejects after `timeoutMs`. @default timeoutMs 5000 */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The gRPC status code of a rejected client call (undefined when it did not reject). */
export async function grpcCodeOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}
