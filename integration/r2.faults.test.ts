import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FaultPlan } from '../dev/src/r2/fault-plan.ts';
import { type R2Fake, startR2Fake } from '../dev/src/r2/server.ts';
import { createR2Client } from '../runner/src/storage/r2-client.ts';

/** What the client's single attempt ended with. */
async function failureOf(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

describe('R2 fake fault switch through @aws-sdk/client-s3', () => {
  let r2: R2Fake;
  let s3: S3Client;

  const switchFaults = async (method: 'GET' | 'POST' | 'DELETE', body?: unknown) => {
    const response = await fetch(r2.faultsUrl, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as FaultPlan & { error?: string } };
  };
  const put = (key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: r2.bucket, Key: key, Body: body, ContentType: 'text/plain' }));
  const publicGet = async (key: string) => {
    const response = await fetch(`${r2.publicBaseUrl}${key}`);
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    // The SDK's own setting for "no retries": every injected fault reaches the caller.
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    r2 = await startR2Fake({ port: 0 });
    s3 = createR2Client({
      endpoint: r2.endpoint,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });

  beforeEach(async () => {
    await switchFaults('DELETE');
  });

  afterAll(async () => {
    s3.destroy();
    await r2.close();
    vi.unstubAllEnvs();
  });

  it('fails the next 2 uploads with S3 InternalError without storing them, then lets uploads through', async () => {
    await put('faults/before.txt', 'stored before');
    const armed = await switchFaults('POST', { putFailures: 2, mode: '500' });
    expect(armed).toEqual({
      status: 200,
      body: { putFailures: 2, mode: '500', injected: { '500': 0, reset: 0 }, uploadsForwarded: 1 },
    });

    const first = await failureOf(put('faults/after.txt', 'one'));
    expect(first).toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500 } });
    expect(first.message).toBe('We encountered an internal error. Please try again.');
    expect(await publicGet('faults/after.txt')).toMatchObject({ status: 404 });

    // Reads pass while a failure is pending, through the SDK and the public URL alike.
    const stored = await s3.send(new GetObjectCommand({ Bucket: r2.bucket, Key: 'faults/before.txt' }));
    expect(await stored.Body?.transformToString()).toBe('stored before');
    expect(await publicGet('faults/before.txt')).toEqual({ status: 200, text: 'stored before' });
    expect((await switchFaults('GET')).body.putFailures).toBe(1);

    expect(await failureOf(put('faults/after.txt', 'two'))).toMatchObject({ name: 'InternalError' });
    await put('faults/after.txt', 'three');
    expect(await publicGet('faults/after.txt')).toEqual({ status: 200, text: 'three' });

    expect((await switchFaults('GET')).body).toEqual({
      putFailures: 0,
      mode: '500',
      injected: { '500': 2, reset: 0 },
      uploadsForwarded: 2,
    });
  });

  it('resets the connection of the next upload without an answer', async () => {
    await switchFaults('POST', { putFailures: 1, mode: 'reset' });

    expect(await failureOf(put('faults/reset.txt', 'lost'))).toMatchObject({ code: 'ECONNRESET' });
    expect(await publicGet('faults/reset.txt')).toMatchObject({ status: 404 });

    await put('faults/reset.txt', 'kept');
    const stored = await s3.send(new GetObjectCommand({ Bucket: r2.bucket, Key: 'faults/reset.txt' }));
    expect(await stored.Body?.transformToString()).toBe('kept');
    expect((await switchFaults('GET')).body).toEqual({
      putFailures: 0,
      mode: 'reset',
      injected: { '500': 0, reset: 1 },
      uploadsForwarded: 1,
    });
  });

  it('refuses a malformed switch with 400 and a reason, changing nothing; DELETE clears', async () => {
    await switchFaults('POST', { putFailures: 3, mode: '500' });
    await failureOf(put('faults/refused.txt', 'x'));

    const negative = await switchFaults('POST', { putFailures: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error).toMatch(/putFailures must be a whole number/);
    const notJson = await switchFaults('POST', 'putFailures=2');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/not JSON/);
    expect((await switchFaults('GET')).body).toMatchObject({ putFailures: 2, injected: { '500': 1 } });

    expect(await switchFaults('DELETE')).toEqual({
      status: 200,
      body: { putFailures: 0, mode: '500', injected: { '500': 0, reset: 0 }, uploadsForwarded: 0 },
    });
    await put('faults/refused.txt', 'stored');
    expect(await publicGet('faults/refused.txt')).toEqual({ status: 200, text: 'stored' });
  });
});
