import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface R2FakeOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default `4569`. */
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
  close(): Promise<void>;
}

/**
 * R2 stand-in: s3rver speaks the S3 API that R2 implements. It serves objects to
 * anonymous GETs, which plays the part of R2's public custom domain.
 */
export async function startR2Fake(options: R2FakeOptions = {}): Promise<R2Fake> {
  const host = options.host ?? '127.0.0.1';
  const bucket = options.bucket ?? 'phoenix-media';
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'phoenix-r2-')));
  const server = new S3rver({
    address: host,
    port: options.port ?? 4569,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://${host}:${address.port}`;
  return {
    port: address.port,
    endpoint,
    bucket,
    publicBaseUrl: `${endpoint}/${bucket}/`,
    async close() {
      await server.close();
      if (ownDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}
