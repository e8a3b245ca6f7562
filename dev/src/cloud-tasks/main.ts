/**
 * Runs the Cloud Tasks emulator as a process.
 *
 *   node dev/src/cloud-tasks/main.ts [--host 127.0.0.1] [--grpc-port 8123] [--http-port 8124]
 *     [--project demo-phoenix] [--location us-central1] [--queue image --queue video]
 *     [--duplicate-deliveries 1]
 *
 * Each flag falls back to an environment variable: CLOUD_TASKS_HOST,
 * CLOUD_TASKS_GRPC_PORT, CLOUD_TASKS_HTTP_PORT, GCLOUD_PROJECT,
 * CLOUD_TASKS_LOCATION, CLOUD_TASKS_QUEUES (comma-separated; so is --queue),
 * CLOUD_TASKS_DUPLICATE_DELIVERIES.
 * Logs are JSON lines on stdout; SIGTERM or SIGINT stops it cleanly.
 */
import { parseArgs } from 'node:util';
import { jsonLinesLogger as log } from '../../../runner/src/platform/log.ts';
import { parseDuplicateDeliveries } from './duplicate-deliveries.ts';
import { type CloudTasksEmulatorOptions, startCloudTasksEmulator } from './server.ts';

const defaultGrpcPort = 8123;
const defaultHttpPort = 8124;

function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): CloudTasksEmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      'grpc-port': { type: 'string' },
      'http-port': { type: 'string' },
      project: { type: 'string' },
      location: { type: 'string' },
      queue: { type: 'string', multiple: true },
      'duplicate-deliveries': { type: 'string' },
    },
    strict: true,
  });
  const queues = (values.queue ?? [env.CLOUD_TASKS_QUEUES ?? ''])
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return {
    host: values.host ?? env.CLOUD_TASKS_HOST ?? '127.0.0.1',
    grpcPort: port(values['grpc-port'] ?? env.CLOUD_TASKS_GRPC_PORT, defaultGrpcPort, '--grpc-port'),
    httpPort: port(values['http-port'] ?? env.CLOUD_TASKS_HTTP_PORT, defaultHttpPort, '--http-port'),
    project: values.project ?? env.GCLOUD_PROJECT ?? 'demo-phoenix',
    location: values.location ?? env.CLOUD_TASKS_LOCATION ?? 'us-central1',
    queues,
    duplicateDeliveries: duplicateDeliveries(
      values['duplicate-deliveries'] ?? env.CLOUD_TASKS_DUPLICATE_DELIVERIES,
    ),
    logger: log,
  };
}

function duplicateDeliveries(text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  // A string that is not digits stays a string, so the problem quotes it as given.
  const parsed = parseDuplicateDeliveries(/^\d+$/.test(text) ? Number(text) : text);
  if (!parsed.ok) throw new Error(`--duplicate-deliveries: ${parsed.problem}`);
  return parsed.value;
}

function port(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${flag} must be a port number, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const emulator = await startCloudTasksEmulator(optionsFrom(process.argv.slice(2), process.env));
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal means "now": don't wait for in-flight attempts again.
    if (stopping) process.exit(1);
    stopping = true;
    log({ severity: 'INFO', message: `received ${signal}, shutting down` });
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log({ severity: 'ERROR', message: `shutdown failed: ${String(error)}` });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  log({
    severity: 'ERROR',
    message: `Cloud Tasks emulator failed to start: ${error instanceof Error ? error.message : String(error)}`,
  });
  process.exit(1);
});
