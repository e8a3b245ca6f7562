import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { createFaultProxy } from './fault-proxy.ts';
import { faultSwitchPath } from '../test-support/fault-switch.ts';

export interface R2FakeOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Public port, the proxy's (s3rver takes a free one behind it); 0 picks a free one. Default `4569`. */
  port?: number;
  /** Bucket created at start. Default `phoenix-media`. */
  bucket?: string;
  /** Where objects are kept. Default: a fresh temp folder, removed on close. */
  directory?: string;
}

export interface R2Fake {
  port: number;
  /** S3 API endpoint for `@aws-sdk/client-s3` (with `forcePathStyle: true`). */
  endpoint: string;
  bucket: string;
  /** Objects are readable without credentials at `publicBaseUrl + key`, as behind R2's custom domain. */
  publicBaseUrl: string;
  /** The fault switch (`GET`/`POST`/`DELETE`, see README.md): fails the next uploads on demand. */
  faultsUrl: string;
  close(): Promise<void>;
}

/**
 * R2 stand-in: s3rver speaks the S3 API that R2 implements. It serves objects to
 * anonymous GETs, which plays the part of R2's public custom domain. Clients
 * reach it through a proxy on the public port that can fail uploads on demand,
 * while s3rver itself listens on a free port of the same host.
 */
export async function startR2Fake(options: R2FakeOptions = {}): Promise<R2Fake> {
  const host = options.host ?? '127.0.0.1';
  const bucket = options.bucket ?? 'phoenix-media';
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'phoenix-r2-')));
  const s3rver = new S3rver({
    address: host,
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const internal = (await s3rver.run()) as AddressInfo;
  const proxy = createFaultProxy({ host, port: internal.port });
  const stopS3rver = async (): Promise<void> => {
    await s3rver.close();
    if (ownDirectory) await rm(directory, { recursive: true, force: true });
  };
  let port: number;
  try {
    port = await listen(proxy.server, host, options.port ?? 4569);
  } catch (error) {
    await proxy.close();
    await stopS3rver();
    throw error;
  }
  const endpoint = `http://${host}:${port}`;
  return {
    port,
    endpoint,
    bucket,
    publicBaseUrl: `${endpoint}/${bucket}/`,
    faultsUrl: `${endpoint}${faultSwitchPath}`,
    async close() {
      await proxy.close();
      await stopS3rver();
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
