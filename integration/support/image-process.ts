import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { eventually } from '../../dev/src/cloud-tasks/test-harness.ts';
import { repoRoot } from '../../dev/src/stack/launch.ts';

/** A task service's entrypoint, `runner/src/<service>/index.ts`. */
export type TaskService = 'image' | 'video';

/** A real task service process (`runner/src/<service>/index.ts`), as Cloud Run runs it. */
export interface ServiceProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every JSON log line it wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Resolves when it exits, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills it at once (SIGKILL), as an OOM or a crashed host would. */
  kill(): Promise<void>;
}

export type ImageServiceProcess = ServiceProcess;

/**
 * Spawns the image service with `env` (the stack's, plus whatever the test
 * overrides) on `port` and resolves once `/healthz` answers.
 */
export function startImageServiceProcess(
  port: number,
  env: Record<string, string | undefined>,
): Promise<ImageServiceProcess> {
  return startServiceProcess('image', port, env);
}

/** Spawns `service` configured only by `env` on `port`, and resolves once `/healthz` answers. */
export async function startServiceProcess(
  service: TaskService,
  port: number,
  env: Record<string, string | undefined>,
): Promise<ServiceProcess> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(repoRoot, `runner/src/${service}/index.ts`)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ message: line });
    }
  });
  child.stderr!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  await eventually(
    `the ${service} service process on :${port} to answer /healthz`,
    async () => !gone && (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200,
    20_000,
  );
  return {
    url,
    port,
    child,
    logs,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
