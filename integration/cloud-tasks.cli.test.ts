import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalTasksClient } from '../dev/src/cloud-tasks/client.ts';

const mainScript = join(import.meta.dirname, '..', 'dev', 'src', 'cloud-tasks', 'main.ts');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('the emulator process', () => {
  it('logs JSON lines, serves queues given on the command line, and exits cleanly on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      [mainScript, '--grpc-port', '0', '--http-port', '0', '--project', 'demo-cli', '--queue', 'image,video'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines: Array<Record<string, unknown>> = [];
    const listening = new Promise<Record<string, unknown>>((resolve) => {
      createInterface({ input: child!.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (typeof entry.grpcAddress === 'string') resolve(entry);
      });
    });
    const started = await listening;
    for (const entry of lines)
      expect(entry).toMatchObject({ severity: expect.any(String), message: expect.any(String) });

    const health = await fetch(String(started.certsUrl).replace('/oauth2/v1/certs', '/healthz'));
    expect(health.status).toBe(200);
    const client = createLocalTasksClient(String(started.grpcAddress));
    const [queue] = await client.getQueue({ name: 'projects/demo-cli/locations/us-central1/queues/video' });
    expect(queue.state).toBe('RUNNING');
    await client.close();

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(lines.at(-1)?.message).toMatch(/stopped/);
  });
});
