import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { launchStack, type Stack } from '../dev/src/stack/launch.ts';
import { portsFor } from '../dev/src/stack/ports.ts';

// The shared test stack holds the `test` ports; these tests launch services on
// the `bench` layout as child processes, the way `npm start` does.
const ports = portsFor('bench');
const quiet = () => {};

function processIsAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('launchStack', () => {
  let stack: Stack | undefined;
  let blocker: Server | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  it('starts our own fakes as children, reports them healthy, and stops every one', async () => {
    const healthy: string[] = [];
    stack = await launchStack({
      profile: 'bench',
      only: ['cloud-tasks', 'vertex', 'r2'],
      onLine: quiet,
      onHealthy: (service) => healthy.push(service),
    });
    expect(healthy.sort()).toEqual(['cloud-tasks', 'r2', 'vertex']);
    expect(stack.endpoints.map((endpoint) => endpoint.service)).toEqual(['cloud-tasks', 'vertex', 'r2']);

    const certs = await fetch(stack.env.CLOUD_TASKS_OIDC_CERTS_URL ?? '');
    expect(Object.keys((await certs.json()) as Record<string, string>)).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${ports.vertex}/healthz`)).status).toBe(200);
    expect((await fetch(stack.env.R2_PUBLIC_BASE_URL ?? '')).status).toBe(200);

    const pids = stack.children.map((child) => child.process.pid);
    expect(pids.every(processIsAlive)).toBe(true);
    await stack.stop();
    stack = undefined;
    expect(pids.filter(processIsAlive)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${ports.vertex}/healthz`)).rejects.toThrow();
  });

  it('refuses at once, naming the port and service, when a port is taken', async () => {
    blocker = createServer().listen(ports.r2, '127.0.0.1');
    await new Promise((resolve) => blocker?.once('listening', resolve));
    await expect(launchStack({ profile: 'bench', only: ['vertex', 'r2'], onLine: quiet })).rejects.toThrow(
      `Port already in use: ${ports.r2} (r2)`,
    );
    expect(
      (await fetch(`http://127.0.0.1:${ports.vertex}/healthz`).catch(() => undefined))?.status,
    ).toBeUndefined();
  });

  it('says how to fix a missing Firestore emulator, and leaves nothing running', async () => {
    const saved = process.env.FIRESTORE_EMULATOR_JAR;
    process.env.FIRESTORE_EMULATOR_JAR = '/nonexistent/cloud-firestore-emulator.jar';
    try {
      await expect(
        launchStack({ profile: 'bench', only: ['vertex', 'firestore'], onLine: quiet }),
      ).rejects.toThrow('FIRESTORE_EMULATOR_JAR points at /nonexistent/cloud-firestore-emulator.jar');
    } finally {
      if (saved === undefined) delete process.env.FIRESTORE_EMULATOR_JAR;
      else process.env.FIRESTORE_EMULATOR_JAR = saved;
    }
    expect(
      (await fetch(`http://127.0.0.1:${ports.vertex}/healthz`).catch(() => undefined))?.status,
    ).toBeUndefined();
  });
});
