import { connect, createServer } from 'node:net';

/** Polls `check` until it returns true, or rejects after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  {
    timeoutMs = 60_000,
    intervalMs = 200,
    abort,
  }: { timeoutMs?: number; intervalMs?: number; abort?: Promise<string> } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let aborted: string | undefined;
  void abort?.then((reason) => (aborted = reason));
  while (Date.now() < deadline) {
    if (aborted !== undefined) throw new Error(`${what}: ${aborted}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what} did not become healthy within ${Math.round(timeoutMs / 1000)} s`);
}

/** True when `url` answers within `timeoutMs` with a status accepted by `accept` (default: 2xx). */
export async function answers(
  url: string,
  init: RequestInit = {},
  accept: (status: number) => boolean = (status) => status >= 200 && status < 300,
  timeoutMs = 2000,
): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return accept(response.status);
}

/** True when nothing listens on host:port yet. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** True when something accepts TCP connections on host:port within `timeoutMs` (for gRPC-only servers). */
export function listens(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host, timeout: timeoutMs });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
