import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { launchStack, type Stack, type StackEvent } from '../dev/src/stack/launch.ts';
import { portsFor } from '../dev/src/stack/ports.ts';
import { serviceScalerFromEnv } from '../functions/src/run-admin.ts';

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
      only: ['cloud-tasks', 'run-admin', 'vertex', 'r2'],
      onLine: quiet,
      onHealthy: (service) => healthy.push(service),
    });
    expect(healthy.sort()).toEqual(['cloud-tasks', 'r2', 'run-admin', 'vertex']);
    expect(stack.endpoints.map((endpoint) => endpoint.service)).toEqual([
      'cloud-tasks',
      'run-admin',
      'vertex',
      'r2',
    ]);
    // The Run Admin fake holds the image service at its deployed max, as the real client reads it.
    expect(
      await serviceScalerFromEnv({ ...stack.env, GCLOUD_PROJECT: stack.projectId }).getMaxInstances('image'),
    ).toBe(100);

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

  /** Records supervision events and lines, and lets a test wait for the next event of a kind. */
  function supervision() {
    const events: StackEvent[] = [];
    const lines: string[] = [];
    const waiters: Array<{ type: StackEvent['type']; resolve: (event: StackEvent) => void }> = [];
    return {
      events,
      lines,
      onLine: (service: string, line: string) => {
        if (service === 'stack') lines.push(line);
      },
      onEvent: (event: StackEvent) => {
        events.push(event);
        const index = waiters.findIndex((waiter) => waiter.type === event.type);
        if (index !== -1) waiters.splice(index, 1)[0]?.resolve(event);
      },
      next: (type: StackEvent['type']) =>
        new Promise<StackEvent>((resolve) => waiters.push({ type, resolve })),
    };
  }

  const childOf = (running: Stack, name: string) => {
    const child = running.children.find((candidate) => candidate.name === name);
    if (!child) throw new Error(`no ${name} child`);
    return child;
  };

  it('restarts the image service that died after being healthy, and a deliberate stop is no death', async () => {
    const watch = supervision();
    stack = await launchStack({
      profile: 'bench',
      only: ['cloud-tasks', 'image'],
      onLine: watch.onLine,
      onEvent: watch.onEvent,
    });
    const first = childOf(stack, 'image');
    const restarted = watch.next('restarted');
    first.process.kill('SIGKILL');
    await restarted;
    expect(watch.lines).toEqual([
      'image exited (code SIGKILL) after being healthy; restarting as Cloud Run would',
      'image healthy again',
    ]);
    expect((await fetch(`http://127.0.0.1:${ports.image}/healthz`)).status).toBe(200);
    const second = childOf(stack, 'image');
    expect(second.process.pid).not.toBe(first.process.pid);
    expect(processIsAlive(second.process.pid)).toBe(true);

    await stack.stop();
    stack = undefined;
    expect(watch.events.map((event) => event.type)).toEqual(['restarting', 'restarted']);
  });

  it('fails the stack once a service has used up its restarts', async () => {
    const watch = supervision();
    stack = await launchStack({
      profile: 'bench',
      only: ['cloud-tasks', 'image'],
      onLine: watch.onLine,
      onEvent: watch.onEvent,
      restartBudget: { restarts: 1, windowMs: 60_000 },
    });
    const restarted = watch.next('restarted');
    childOf(stack, 'image').process.kill('SIGKILL');
    await restarted;
    const tasksPid = childOf(stack, 'cloud-tasks').process.pid;
    childOf(stack, 'image').process.kill('SIGKILL');
    const failure = await stack.failed;
    expect(failure.service).toBe('image');
    expect(failure.message).toBe(
      'image exited (code SIGKILL) after being healthy 2 times within 60 s; giving up',
    );
    expect(processIsAlive(tasksPid)).toBe(false);
  });

  it('fails loudly, stopping the rest, when an emulator that cannot be restarted dies', async () => {
    const watch = supervision();
    stack = await launchStack({
      profile: 'bench',
      only: ['cloud-tasks', 'vertex'],
      onLine: watch.onLine,
      onEvent: watch.onEvent,
    });
    const vertexPid = childOf(stack, 'vertex').process.pid;
    childOf(stack, 'cloud-tasks').process.kill('SIGKILL');
    const failure = await stack.failed;
    expect(failure.service).toBe('cloud-tasks');
    expect(failure.message).toMatch(/^cloud-tasks exited \(code SIGKILL\) after being healthy; its queues/);
    expect(watch.events).toEqual([{ type: 'failed', service: 'cloud-tasks', reason: failure.message }]);
    expect(watch.lines).toEqual([failure.message]);
    expect(processIsAlive(vertexPid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${ports.vertex}/healthz`)).rejects.toThrow();
  });
});
