import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImageServiceFixture, type ImageServiceFixture } from './image-service.fixture.ts';

/**
 * Only Cloud Tasks, signing as the invoker account for this service's
 * audience, may run image tasks; everyone else is refused before anything is
 * read or written.
 */
describe('image service: who may call /tasks/image', () => {
  let service: ImageServiceFixture;

  beforeAll(async () => {
    service = await startImageServiceFixture();
  });

  afterAll(async () => {
    await service?.close();
  });

  async function expectUntouched(jobId: string, uid: string, balance: number): Promise<void> {
    const job = await service.readJob(jobId);
    expect(job.status).toBe('queued');
    expect(job.attempts).toBe(0);
    expect(job.lease).toBeNull();
    expect(await service.balanceOf(uid)).toBe(balance);
    expect(await service.postsOf(jobId)).toEqual([]);
    // No delivery got as far as the work, so no outcome was logged for the job.
    expect(service.outcomesFor(jobId)).toEqual([]);
  }

  const params = {
    prompt: 'a quiet harbour',
    aspectRatio: '1:1',
    imageSize: '1K',
    count: 1,
    model: 'imagen-4.0-fast-generate-001',
    enhancePrompt: false,
  } as const;

  it('answers 401 without a token', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    const response = await service.deliver({ jobId }, { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.body.error?.code).toBe('unauthenticated');
    await expectUntouched(jobId, uid, balanceAfterDebit);
  });

  it('answers 401 to a token whose signature was tampered with', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    const [header, payload, signature] = (await service.mintToken()).split('.');
    const flipped = `${signature!.slice(0, -4)}${signature!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const response = await service.deliver({ jobId }, { token: `${header}.${payload}.${flipped}` });
    expect(response.status).toBe(401);
    await expectUntouched(jobId, uid, balanceAfterDebit);
  });

  it('answers 401 to a token whose claims were edited after signing', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    const [header, payload, signature] = (await service.mintToken({ email: 'someone@example.com' })).split(
      '.',
    );
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, email: service.invokerEmail })).toString(
      'base64url',
    );
    const response = await service.deliver({ jobId }, { token: `${header}.${forged}.${signature}` });
    expect(response.status).toBe(401);
    await expectUntouched(jobId, uid, balanceAfterDebit);
  });

  it('answers 401 to a valid token minted for another audience', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    const token = await service.mintToken({ audience: 'https://some-other-service.run.test' });
    const response = await service.deliver({ jobId }, { token });
    expect(response.status).toBe(401);
    await expectUntouched(jobId, uid, balanceAfterDebit);
  });

  it('answers 403 to a valid token for this audience from another account', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    const token = await service.mintToken({ email: 'intruder@demo-phoenix.iam.gserviceaccount.com' });
    const response = await service.deliver({ jobId }, { token });
    expect(response.status).toBe(403);
    expect(response.body.error?.code).toBe('permission_denied');
    await expectUntouched(jobId, uid, balanceAfterDebit);
  });

  it('answers 400 naming the field to a malformed body, and touches nothing', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    const wrongShape = await service.deliver({ job: jobId });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error?.code).toBe('invalid_argument');
    expect(wrongShape.body.error?.field).toBe('jobId');

    const extraField = await service.deliver({ jobId, force: true });
    expect(extraField.status).toBe(400);

    const notJson = await service.deliver(undefined, { rawBody: '{"jobId": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error?.message).toMatch(/not JSON/);
    await expectUntouched(jobId, uid, balanceAfterDebit);
  });

  it('answers 404 for a job that does not exist', async () => {
    const response = await service.deliver({ jobId: 'no-such-job' });
    expect(response.status).toBe(404);
  });

  it('refuses new tasks with 503 and Retry-After while draining, and reports not ready', async () => {
    const { jobId, uid, balanceAfterDebit } = await service.seedJob(params);
    service.deps.state.accepting = false;
    try {
      const response = await service.deliver({ jobId });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await fetch(`${service.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    } finally {
      service.deps.state.accepting = true;
    }
    await expectUntouched(jobId, uid, balanceAfterDebit);
  });

  it('accepts the invoker with a token for this audience', async () => {
    const { jobId } = await service.seedJob(params);
    const response = await service.deliver({ jobId });
    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('succeeded');
  });
});
