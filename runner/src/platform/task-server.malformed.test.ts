import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createConcurrencyGate } from './concurrency-gate.ts';
import type { LogEntry } from './log.ts';
import type { TaskAppState } from './state.ts';
import { createTaskApp } from './task-app.ts';
import type { TaskAuthResult } from './task-auth.ts';
import { createTaskServer, taskServerLimits } from './task-server.ts';

/** Whatever arrives on the socket, the server answers and keeps serving. */
describe('task server: malformed requests', () => {
  let close: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  interface Started {
    port: number;
    logs: LogEntry[];
    /** Resolves with the first log entry whose message matches. */
    logged(message: RegExp): Promise<LogEntry>;
  }

  async function start(
    overrides: { state?: TaskAppState; auth?: () => Promise<TaskAuthResult> } = {},
  ): Promise<Started> {
    const logs: LogEntry[] = [];
    const waiters: Array<{ message: RegExp; resolve: (entry: LogEntry) => void }> = [];
    const untouchable = new Proxy({} as never, {
      get: (_target, property) => {
        throw new Error(`touched a task dependency (${String(property)})`);
      },
    });
    const log = (entry: LogEntry) => {
      logs.push(entry);
      for (const waiter of waiters.filter((w) => w.message.test(entry.message))) waiter.resolve(entry);
    };
    const app = createTaskApp({
      state: overrides.state ?? { accepting: true, abandon: new AbortController() },
      auth: { verify: overrides.auth ?? (async () => ({ ok: true, email: 'invoker@test' })) },
      gate: createConcurrencyGate(1),
      serviceName: 'test',
      routes: { '/tasks/test': untouchable },
      log,
    });
    const server = createTaskServer(app, { log });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    return {
      port: (server.address() as AddressInfo).port,
      logs,
      logged: (message) =>
        new Promise((resolve) => {
          const seen = logs.find((entry) => message.test(entry.message));
          if (seen) resolve(seen);
          else waiters.push({ message, resolve });
        }),
    };
  }

  /** Writes `bytes` (then half-closes, if asked), and reads until the server closes the connection. */
  function raw(port: number, bytes: string | Buffer, options: { then?: 'end' } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => resolve(answer));
      socket.write(bytes, () => {
        if (options.then === 'end') socket.end();
      });
    });
  }

  const statusLine = (answer: string) => answer.split('\r\n')[0];
  const jsonBody = (answer: string) =>
    JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      error?: { code: string; message: string };
    };

  async function healthy(port: number): Promise<void> {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }

  it('answers GET // with a JSON 404 instead of throwing on the URL', async () => {
    const { port } = await start();
    const answer = await raw(port, 'GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusLine(answer)).toBe('HTTP/1.1 404 Not Found');
    expect(jsonBody(answer).error?.code).toBe('not_found');
    await healthy(port);
  });

  it('answers a request target that is not a path with a JSON 400', async () => {
    const { port } = await start();
    const answer = await raw(
      port,
      'GET http://[oops/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(statusLine(answer)).toBe('HTTP/1.1 400 Bad Request');
    expect(jsonBody(answer).error).toMatchObject({ code: 'bad_request' });
    await healthy(port);
  });

  it('answers 405 to a wrong method on a known path, and 400 to a method HTTP does not have', async () => {
    const { port } = await start();
    const put = await raw(port, 'PUT /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusLine(put)).toBe('HTTP/1.1 405 Method Not Allowed');
    const foo = await raw(port, 'FOO /tasks/test HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(statusLine(foo)).toBe('HTTP/1.1 400 Bad Request');
    await healthy(port);
  });

  it('answers 431 to headers over the limit, and 400 to bytes that are not HTTP', async () => {
    const { port, logged } = await start();
    const huge = 'x'.repeat(taskServerLimits.maxHeaderBytes + 1024);
    const tooBig = await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${huge}\r\n\r\n`);
    expect(statusLine(tooBig)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(await logged(/malformed request refused/)).toMatchObject({
      code: 'HPE_HEADER_OVERFLOW',
      status: 431,
    });
    const garbage = await raw(port, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect(statusLine(garbage)).toBe('HTTP/1.1 400 Bad Request');
    await healthy(port);
  });

  it('answers 500 when the handler throws synchronously, and serves the next request', async () => {
    const state = {
      get accepting(): boolean {
        throw new Error('state unreadable');
      },
      abandon: new AbortController(),
    };
    const { port, logged } = await start({ state });
    const answer = await raw(port, 'GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusLine(answer)).toBe('HTTP/1.1 500 Internal Server Error');
    expect((await logged(/test request crashed/)).error).toMatch(/state unreadable/);
    await healthy(port);
  });

  it('lets a client hang up mid-body without an error escaping, and logs it', async () => {
    const { port, logged } = await start();
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /tasks/test HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"jobId": "tr');
    // Closing after the server has the head: the handler is then reading the body.
    socket.end();
    expect((await logged(/aborted by the client/)).severity).toBe('INFO');
    await healthy(port);
  });

  it('answers a request refused before its body ended once, not again when the body is cut short', async () => {
    const { port, logged } = await start({
      auth: async () => ({ ok: false, status: 401, reason: 'missing bearer token' }),
    });
    const answer = await raw(
      port,
      'POST /tasks/test HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"jobId": "tr',
      { then: 'end' },
    );
    expect(answer.match(/^HTTP\/1\.1 \d{3}/gm)).toEqual(['HTTP/1.1 401']);
    expect((await logged(/malformed request refused/)).status).toBeUndefined();
    await healthy(port);
  });

  it('answers 503 with Retry-After when the token cannot be checked for want of certificates', async () => {
    const { port } = await start({
      auth: async () => ({
        ok: false,
        status: 503,
        reason: 'could not get the signing certificates: refused',
      }),
    });
    const response = await fetch(`http://127.0.0.1:${port}/tasks/test`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
      body: '{"jobId":"j"}',
    });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/signing certificates/);
  });
});
