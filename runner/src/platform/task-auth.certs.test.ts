import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTaskAuthenticator } from './task-auth.ts';

/**
 * A token that cannot be checked is not a token that failed the check: when
 * the certificates cannot be fetched the answer is 503 (Cloud Tasks retries),
 * and only a token that fails against good certificates is 401.
 */
describe('task auth: certificates unavailable vs token invalid', () => {
  const servers: Server[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function serve(status: number, body: unknown): Promise<string> {
    const server = createServer((_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v1/certs`;
  }

  async function closedPortUrl(): Promise<string> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return `http://127.0.0.1:${port}/oauth2/v1/certs`;
  }

  function authenticator(certsUrl: string) {
    return createTaskAuthenticator({
      audience: 'https://image.run.test',
      invokerEmail: 'tasks-invoker@demo-phoenix.iam.gserviceaccount.com',
      certsUrl,
    });
  }

  it('answers 503, naming the certificates, when the certs URL refuses connections', async () => {
    const result = await authenticator(await closedPortUrl()).verify('Bearer a.b.c');
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(!result.ok && result.reason).toMatch(/could not get the signing certificates/);
  });

  it('answers 503 when the certs URL answers an error status', async () => {
    const result = await authenticator(await serve(404, { error: 'gone' })).verify('Bearer a.b.c');
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(!result.ok && result.reason).toMatch(/could not get the signing certificates/);
  });

  it('answers 401 to a bad token when the certificates are there', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certsUrl = await serve(200, { k1: publicKey.export({ type: 'spki', format: 'pem' }) });
    const result = await authenticator(certsUrl).verify('Bearer not-a-jwt');
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.reason).toMatch(/^invalid token/);
  });

  it('answers 401 without fetching anything when there is no bearer token', async () => {
    const result = await authenticator(await closedPortUrl()).verify(undefined);
    expect(result).toEqual({ ok: false, status: 401, reason: 'missing bearer token' });
  });

  it('keeps a refusal reason short, however much text the token carried', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certsUrl = await serve(200, { k1: publicKey.export({ type: 'spki', format: 'pem' }) });
    const payload = Buffer.from(JSON.stringify({ filler: 'x'.repeat(16_000) })).toString('base64url');
    const result = await authenticator(certsUrl).verify(`Bearer ${'x'.repeat(20_000)}.${payload}`);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.reason.length).toBeLessThan(300);
  });
});
