import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { createCertsServer, jwksPath, pemCertsPath } from './certs-server.ts';
import { AttemptJournal } from './attempt-journal.ts';
import { Dispatcher } from './dispatcher.ts';
import { DeliveryFaults } from './duplicate-deliveries.ts';
import { faultSwitchPath } from '../test-support/fault-switch.ts';
import { cloudTasksService } from './grpc-service.ts';
import { type Logger, jsonLinesLogger } from '../../../runner/src/platform/log.ts';
import { type OidcSigner, googleIssuer, createOidcSigner } from './oidc.ts';
import { loadCloudTasksServiceDefinition } from './protos.ts';
import { QueueStore } from './queue-store.ts';

export interface CloudTasksEmulatorOptions {
  /** Interface both servers listen on. @default '127.0.0.1' */
  host?: string;
  /** Port of the gRPC API; 0 picks a free one. @default 0 */
  grpcPort?: number;
  /** Port of the HTTP side (OIDC certificates, health check, fault switch); 0 picks a free one. @default 0 */
  httpPort?: number;
  /** Project for the queues in `queues`. @default 'demo-phoenix' */
  project?: string;
  /** Location for the queues in `queues`. @default 'us-central1' */
  location?: string;
  /** Queue ids (or full queue names) to create at start, with default settings. @default [] */
  queues?: string[];
  /** Receives one structured event per call; `silentLogger` mutes it. @default jsonLinesLogger (stdout) */
  logger?: Logger;
  /**
   * Shortest `dispatchDeadline` CreateTask accepts, in ms. The service's is
   * 15 s; tests lower it to exercise deadlines quickly. @default 15000
   */
  minDispatchDeadlineMs?: number;
  /** How long a finished or deleted task's name stays reserved, in ms. @default 3600000 (1 h) */
  taskNameRetentionMs?: number;
  /** How long a deleted queue's name cannot be created again, in ms. @default 604800000 (7 days) */
  queueNameReuseDelayMs?: number;
  /**
   * Whether a 429/503 answer's `Retry-After` lengthens the wait before the
   * next attempt. Cloud Tasks only "considers" it, so tests of what a target
   * does when its Retry-After is ignored turn it off. @default true
   */
  honourRetryAfter?: boolean;
  /**
   * How many times each attempt is delivered, at once, as at-least-once
   * delivery may do; the first copy's answer decides the attempt. Can be
   * changed while running through `faultsUrl`. @default 1
   */
  duplicateDeliveries?: number;
  /** The key the ID tokens are signed with; a test passes its own to forge tokens with it. @default a new one */
  signer?: OidcSigner;
}

export interface CloudTasksEmulator {
  host: string;
  grpcPort: number;
  /** `host:port` for the gRPC API, the form CLOUD_TASKS_EMULATOR_HOST takes. */
  grpcAddress: string;
  httpPort: number;
  /** `{ kid: PEM }` certificates: pass as OAuth2Client's `endpoints.oauth2FederatedSignonPemCertsUrl`. */
  certsUrl: string;
  /** The same key as a JWKS. */
  jwksUrl: string;
  /** `iss` of the ID tokens: Google's, so verifyIdToken accepts them. */
  issuer: string;
  /** The fault switch (`GET`/`POST`/`DELETE`, see README.md): duplicate deliveries on demand. */
  faultsUrl: string;
  /** Every attempt (the last 10,000) with its schedule, dispatch and end times on the emulator's clock. */
  attempts: AttemptJournal;
  /**
   * Resolves after the dispatcher's next pass over the queues, which it asks
   * for: every task then due has been sent, or held back by its queue.
   */
  nextPump(): Promise<void>;
  /** Stops dispatching, cancels in-flight attempts and closes both servers. */
  close(): Promise<void>;
}

/** Starts the gRPC API, the dispatcher and the certificates server. */
export async function startCloudTasksEmulator(
  options: CloudTasksEmulatorOptions = {},
): Promise<CloudTasksEmulator> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger ?? jsonLinesLogger;
  const now = Date.now;
  const signer = options.signer ?? (await createOidcSigner(now()));
  const store = new QueueStore({
    now,
    taskNameRetentionMs: options.taskNameRetentionMs ?? 3_600_000,
    queueNameReuseDelayMs: options.queueNameReuseDelayMs ?? 7 * 24 * 3_600_000,
  });
  const attempts = new AttemptJournal();
  const deliveries = new DeliveryFaults(options.duplicateDeliveries ?? 1);
  const dispatcher = new Dispatcher({
    store,
    signer,
    logger: log,
    now,
    journal: attempts,
    honourRetryAfter: options.honourRetryAfter ?? true,
    deliveries,
  });

  const project = options.project ?? 'demo-phoenix';
  const location = options.location ?? 'us-central1';
  for (const queue of options.queues ?? []) {
    const name = queue.includes('/') ? queue : `projects/${project}/locations/${location}/queues/${queue}`;
    const created = store.createQueue(name.split('/queues/')[0], { name });
    log({ severity: 'INFO', message: `queue ${created.name} created`, queue: created.name });
  }

  const grpcServer = new grpc.Server();
  grpcServer.addService(
    loadCloudTasksServiceDefinition(),
    cloudTasksService({
      store,
      dispatcher,
      logger: log,
      now,
      taskLimits: { minDispatchDeadlineMs: options.minDispatchDeadlineMs ?? 15_000 },
    }),
  );
  const certsServer = createCertsServer(signer, deliveries);
  let grpcPort: number;
  let httpPort: number;
  try {
    grpcPort = await bindGrpc(grpcServer, host, options.grpcPort ?? 0);
    httpPort = await listenHttp(certsServer, host, options.httpPort ?? 0);
  } catch (error) {
    grpcServer.forceShutdown();
    certsServer.close();
    await dispatcher.close();
    throw error;
  }

  const urlHost = host.includes(':') ? `[${host}]` : host;
  const emulator: CloudTasksEmulator = {
    host,
    grpcPort,
    grpcAddress: `${urlHost}:${grpcPort}`,
    httpPort,
    certsUrl: `http://${urlHost}:${httpPort}${pemCertsPath}`,
    jwksUrl: `http://${urlHost}:${httpPort}${jwksPath}`,
    issuer: googleIssuer,
    faultsUrl: `http://${urlHost}:${httpPort}${faultSwitchPath}`,
    attempts,
    nextPump: () => dispatcher.nextPump(),
    close: async () => {
      await dispatcher.close();
      await Promise.all([shutdownGrpc(grpcServer), closeHttp(certsServer)]);
      log({ severity: 'INFO', message: 'Cloud Tasks emulator stopped' });
    },
  };
  log({
    severity: 'INFO',
    message: `Cloud Tasks emulator listening on ${emulator.grpcAddress} (gRPC); OIDC certificates at ${emulator.certsUrl}`,
    grpcAddress: emulator.grpcAddress,
    certsUrl: emulator.certsUrl,
    jwksUrl: emulator.jwksUrl,
    faultsUrl: emulator.faultsUrl,
    duplicateDeliveries: deliveries.copies,
    keyId: signer.keyId,
  });
  return emulator;
}

function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });
}

function listenHttp(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Lets calls in progress finish, but not for long: clients may hold channels open. */
function shutdownGrpc(server: grpc.Server, graceMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

function closeHttp(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
