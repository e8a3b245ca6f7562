import { parseArgs } from 'node:util';
import type { RunAdminFakeOptions, ServiceSeed } from './server.ts';

export const defaultPort = 8125;

export interface RunAdminFakeCommand extends RunAdminFakeOptions {
  /** UpdateService calls to fail with the 409 "different configuration" answer from the start. */
  failUpdates: number;
}

/**
 * Reads main.ts's flags, each falling back to an environment variable:
 * `--host` RUN_ADMIN_HOST, `--port` RUN_ADMIN_PORT, `--project`
 * GCLOUD_PROJECT, `--region` RUN_ADMIN_REGION, `--service` RUN_ADMIN_SERVICES
 * (comma-separated `id=maxInstances`, or a full service name for the id),
 * `--fail-updates` RUN_ADMIN_FAIL_UPDATES.
 * @throws Error naming the flag whose value is wrong
 */
export function commandFrom(argv: string[], env: NodeJS.ProcessEnv): RunAdminFakeCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      project: { type: 'string' },
      region: { type: 'string' },
      service: { type: 'string', multiple: true },
      'polls-until-done': { type: 'string' },
      'fail-updates': { type: 'string' },
    },
    strict: true,
  });
  const project = values.project ?? env.GCLOUD_PROJECT ?? 'demo-phoenix';
  const region = values.region ?? env.RUN_ADMIN_REGION ?? 'us-central1';
  const services = (values.service ?? [env.RUN_ADMIN_SERVICES ?? ''])
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => serviceSeed(entry, project, region));
  return {
    host: values.host ?? env.RUN_ADMIN_HOST ?? '127.0.0.1',
    port: whole(values.port ?? env.RUN_ADMIN_PORT, defaultPort, '--port', 65535),
    services,
    pollsUntilDone: whole(values['polls-until-done'], 1, '--polls-until-done', 100),
    failUpdates: whole(values['fail-updates'] ?? env.RUN_ADMIN_FAIL_UPDATES, 0, '--fail-updates', 1000),
  };
}

function serviceSeed(entry: string, project: string, region: string): ServiceSeed {
  const match = /^([^=\s]+)=(\d+)$/.exec(entry);
  if (!match) throw new Error(`--service must be "id=maxInstances", e.g. phoenix-image=100; got "${entry}"`);
  const id = match[1]!;
  return {
    name: id.includes('/') ? id : `projects/${project}/locations/${region}/services/${id}`,
    scaling: { maxInstanceCount: Number(match[2]) },
  };
}

function whole(text: string | undefined, fallback: number, flag: string, max: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new Error(`${flag} must be a whole number from 0 to ${max}, got "${text}"`);
  return value;
}
