import * as grpc from '@grpc/grpc-js';
import { type Logger, jsonLinesLogger } from '../../../runner/src/platform/log.ts';
import { runAdminServices } from './grpc-service.ts';
import { loadRunAdminDefinitions } from './protos.ts';
import { RunAdminStore, type ServiceSeed, type UpdateFault } from './service-store.ts';

export type { ServiceSeed, UpdateFault } from './service-store.ts';

export interface RunAdminFakeOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** gRPC port; 0 picks a free one. @default 0 */
  port?: number;
  /** The services that exist, with their starting scaling. @default [] */
  services?: readonly ServiceSeed[];
  /**
   * Which GetOperation call after an UpdateService first answers done: 1 (the
   * first poll) makes callers exercise polling; 0 makes UpdateService answer
   * done already. @default 1
   */
  pollsUntilDone?: number;
  /** Receives one structured event per call; `silentLogger` mutes it. @default jsonLinesLogger (stdout) */
  logger?: Logger;
}

export interface RunAdminFake {
  host: string;
  port: number;
  /** `host:port`, the form PHOENIX_RUN_ADMIN_EMULATOR_HOST takes. */
  address: string;
  /**
   * Makes the next `count` UpdateService calls fail with the 409 Cloud Run
   * sometimes gives a masked scaling update ("Revision named … with
   * different configuration already exists"), so callers' retries can be tested.
   */
  failNextUpdates(fault: UpdateFault): void;
  /** Adds or replaces a service, e.g. to reset one between tests. */
  seed(service: ServiceSeed): void;
  /** The service's current google.cloud.run.v2.Service, or undefined when it does not exist. */
  service(
    name: string,
  ): { scaling: { minInstanceCount: number; maxInstanceCount: number }; generation: number } | undefined;
  /** Calls received so far, by method name (GetService, UpdateService, GetOperation). */
  calls(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

/** Starts the Cloud Run Admin v2 fake: Services.GetService/UpdateService and Operations.GetOperation. */
export async function startRunAdminFake(options: RunAdminFakeOptions = {}): Promise<RunAdminFake> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger ?? jsonLinesLogger;
  const store = new RunAdminStore({
    now: Date.now,
    seeds: options.services ?? [],
    pollsUntilDone: options.pollsUntilDone ?? 1,
  });
  const calls: Record<string, number> = {};
  const definitions = loadRunAdminDefinitions();
  const implementation = runAdminServices({
    store,
    logger: log,
    encodeService: definitions.encodeService,
    onCall: (method) => (calls[method] = (calls[method] ?? 0) + 1),
  });
  const server = new grpc.Server();
  server.addService(definitions.services, implementation.services);
  server.addService(definitions.operations, implementation.operations);
  const port = await bind(server, host, options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const address = `${urlHost}:${port}`;
  log({
    severity: 'INFO',
    message: `Cloud Run Admin fake listening on ${address} (gRPC) with ${(options.services ?? [])
      .map((seed) => `${seed.name} (max ${seed.scaling.maxInstanceCount})`)
      .join(', ')}`,
    address,
  });
  return {
    host,
    port,
    address,
    failNextUpdates: (fault) => store.failNextUpdates(fault),
    seed: (service) => void store.seed(service),
    service(name) {
      try {
        const record = store.getService(name);
        return { scaling: { ...record.scaling }, generation: record.generation };
      } catch {
        return undefined;
      }
    },
    calls: () => ({ ...calls }),
    close: async () => {
      await shutdown(server);
      log({ severity: 'INFO', message: 'Cloud Run Admin fake stopped' });
    },
  };
}

function bind(server: grpc.Server, host: string, port: number): Promise<number> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });
}

/** Lets calls in progress finish, but not for long: clients may hold channels open. */
function shutdown(server: grpc.Server, graceMs = 1000): Promise<void> {
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
