/**
 * Runs the Cloud Run Admin v2 fake as a process.
 *
 *   node dev/src/cloud-run-admin/main.ts [--host 127.0.0.1] [--port 8125]
 *     [--project demo-phoenix] [--region us-central1]
 *     [--service phoenix-image=100 --service phoenix-video=10] [--fail-updates 0]
 *
 * Flags fall back to environment variables (see args.ts). Logs are JSON
 * lines on stdout; SIGTERM or SIGINT stops it cleanly.
 */
import { jsonLinesLogger as log } from '../../../runner/src/platform/log.ts';
import { commandFrom } from './args.ts';
import { startRunAdminFake } from './server.ts';

async function main(): Promise<void> {
  const { failUpdates, ...options } = commandFrom(process.argv.slice(2), process.env);
  const fake = await startRunAdminFake({ ...options, logger: log });
  if (failUpdates > 0) fake.failNextUpdates({ count: failUpdates });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    log({ severity: 'INFO', message: `received ${signal}, shutting down` });
    fake.close().then(
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
    message: `Cloud Run Admin fake failed to start: ${error instanceof Error ? error.message : String(error)}`,
  });
  process.exit(1);
});
