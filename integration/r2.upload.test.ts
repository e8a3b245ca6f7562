import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type R2Fake, startR2Fake } from '../dev/src/r2/server.ts';
import { createR2Client } from '../runner/src/storage/r2-client.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('R2 fake through @aws-sdk/client-s3', () => {
  let r2: R2Fake;
  let s3: S3Client;

  beforeAll(async () => {
    r2 = await startR2Fake({ port: 0 });
    s3 = createR2Client({
      endpoint: r2.endpoint,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    s3.destroy();
    await r2.close();
  });

  it('stores a 5 MB streamed upload byte-exact and serves it publicly', async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    const key = `images/u1/img_${sha256(bytes).slice(0, 12)}.webp`;
    const chunks = Array.from({ length: 80 }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));

    await s3.send(
      new PutObjectCommand({
        Bucket: r2.bucket,
        Key: key,
        Body: Readable.from(chunks),
        ContentLength: bytes.length,
        ContentType: 'image/webp',
        CacheControl: 'public, max-age=31536000, immutable',
      }),
    );

    const stored = await s3.send(new GetObjectCommand({ Bucket: r2.bucket, Key: key }));
    const storedBytes = await stored.Body?.transformToByteArray();
    expect(storedBytes?.length).toBe(bytes.length);
    expect(sha256(storedBytes ?? new Uint8Array())).toBe(sha256(bytes));

    const response = await fetch(`${r2.publicBaseUrl}${key}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(bytes));
  });

  it('answers a public GET of a missing key with 404', async () => {
    const response = await fetch(`${r2.publicBaseUrl}images/nobody/missing.webp`);
    expect(response.status).toBe(404);
  });
});
