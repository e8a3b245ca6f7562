import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createConcurrencyGate } from './concurrency-gate.ts';
import type { TaskAppState } from './state.ts';
import { createTaskApp, type TaskAppDeps } from './task-app.ts';

interface Body {
  status?: string;
  error?: { code: string };
}

/** Health routes must answer without touching auth, the gate or any task route. */
function healthOnly(state: TaskAppState): TaskAppDeps {
  const untouchable = new Proxy({} as never, {
    get: (_target, property) => {
      throw new Error(`health route touched a task dependency (${String(property)})`);
    },
  });
  return {
    state,
    auth: untouchable,
    gate: createConcurrencyGate(1),
    serviceName: 'test',
    routes: { '/tasks/test': untouchable },
    log: () => {},
  };
}

async function get(state: TaskAppState, path: string): Promise<{ status: number; body: Body }> {
  const server = createServer(createTaskApp(healthOnly(state))).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: (await response.json()) as Body };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('task app health routes', () => {
  it('is healthy and ready while accepting work', async () => {
    expect(await get({ accepting: true, abandon: new AbortController() }, '/healthz')).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
    expect(await get({ accepting: true, abandon: new AbortController() }, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready' },
    });
  });

  it('reports not ready while draining, so no new work is routed to it', async () => {
    expect(await get({ accepting: false, abandon: new AbortController() }, '/readyz')).toEqual({
      status: 503,
      body: { status: 'draining' },
    });
    expect((await get({ accepting: false, abandon: new AbortController() }, '/healthz')).status).toBe(200);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const { status, body } = await get({ accepting: true, abandon: new AbortController() }, '/nope');
    expect(status).toBe(404);
    expect(body.error?.code).toBe('not_found');
  });
});
