import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultProxy, type FaultProxy } from './fault-proxy.ts';

/** An upstream that holds each GET until `release()` is called, then answers it. */
async function heldUpstream() {
  const held: http.ServerResponse[] = [];
  let arrived: () => void = () => {};
  const server = http.createServer((_request, response) => {
    held.push(response);
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    nextArrival: () => new Promise<void>((resolve) => (arrived = resolve)),
    release: () => held.splice(0).forEach((response) => response.end('object bytes')),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the R2 fault proxy when a client goes away', () => {
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
  });

  it('keeps serving after a client disconnects before s3rver answers', async () => {
    const upstream = await heldUpstream();
    proxy = createFaultProxy({ host: '127.0.0.1', port: upstream.port });
    await new Promise<void>((resolve) => proxy!.server.listen(0, '127.0.0.1', resolve));
    const port = (proxy.server.address() as AddressInfo).port;

    // The proxy's own answer to the first request, seen through a second listener on its server.
    const firstAnswerClosed = new Promise<void>((resolve) =>
      proxy!.server.once('request', (_request, response) => response.once('close', () => resolve())),
    );
    const arrival = upstream.nextArrival();
    const dropped = http.get({ host: '127.0.0.1', port, path: '/bucket/a.webp' });
    dropped.on('error', () => {});
    await arrival;
    dropped.destroy();
    await firstAnswerClosed;
    // s3rver answers the request whose client has gone.
    upstream.release();

    const next = upstream.nextArrival();
    const answered = new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/bucket/b.webp' }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
    await next;
    upstream.release();
    expect(await answered).toBe('object bytes');
    await upstream.close();
  });
});
