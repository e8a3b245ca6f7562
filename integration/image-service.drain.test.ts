import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { imageRequestDefaults } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../dev/src/cloud-tasks/test-harness.ts';
import { repoRoot } from '../dev/src/stack/launch.ts';
import { closedPort, startImageServiceFixture, type ImageServiceFixture } from './image-service.fixture.ts';
import { testStack } from './support/stack.ts';

/**
 * The real entrypoint as a process, configured only through its environment:
 * SIGTERM lets the task in flight finish, then the process exits by itself.
 */
/** The process's structured log: one JSON object per stdout line. */
function logLines(output: string): Array<{ severity: string; message: string; [field: string]: unknown }> {
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { severity: string; message: string });
}

describe('image service process: SIGTERM drains work in flight', () => {
  let shared: ImageServiceFixture;

  beforeAll(async () => {
    // Its fakes, Firestore and tokens; the process under test is a second service on them.
    shared = await startImageServiceFixture();
  });

  afterAll(async () => {
    await shared?.close();
  });

  async function startProcess(): Promise<{
    child: ChildProcess;
    url: string;
    output: () => string;
    exited: Promise<number | null>;
  }> {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [join(repoRoot, 'runner/src/image/index.ts')], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        GCLOUD_PROJECT: testStack().projectId,
        FIRESTORE_EMULATOR_HOST: testStack().env.FIRESTORE_EMULATOR_HOST,
        METADATA_SERVER_DETECTION: 'none',
        GOOGLE_VERTEX_BASE_URL: shared.vertex.url,
        VERTEX_ACCESS_TOKEN: 'local',
        R2_ENDPOINT: shared.r2.endpoint,
        R2_BUCKET: shared.r2.bucket,
        R2_ACCESS_KEY_ID: 'S3RVER',
        R2_SECRET_ACCESS_KEY: 'S3RVER',
        R2_PUBLIC_BASE_URL: shared.r2.publicBaseUrl,
        IMAGE_SERVICE_URL: shared.audience,
        TASKS_INVOKER_EMAIL: shared.invokerEmail,
        OIDC_CERTS_URL: shared.tasks.emulator.certsUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Structured logs are stdout's JSON lines; stderr only carries the SDK's plain-text deprecation notice.
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await eventually(
      'the image service process to answer /healthz',
      async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200,
      20_000,
    );
    return { child, url, output: () => output, exited };
  }

  it('finishes the task in flight, answers it, and exits 0', async () => {
    const service = await startProcess();
    try {
      const { jobId } = await shared.seedJob({
        ...imageRequestDefaults,
        prompt: 'a slow sunrise [fake: latency=1500]',
        count: 1,
        enhancePrompt: false,
      });
      const answer = fetch(`${service.url}/tasks/image`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await shared.mintToken()}` },
        body: JSON.stringify({ jobId }),
      });
      await eventually(
        'the job to be running',
        async () => (await shared.readJob(jobId)).status === 'running',
      );

      service.child.kill('SIGTERM');
      const response = await answer;
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ outcome: 'succeeded' });
      expect(await service.exited).toBe(0);
      expect((await shared.readJob(jobId)).status).toBe('succeeded');

      const lines = logLines(service.output());
      expect(lines.every((line) => typeof line.severity === 'string')).toBe(true);
      const messages = lines.map((line) => line.message);
      expect(messages).toContain('SIGTERM: draining requests in flight');
      expect(messages.indexOf('image task succeeded')).toBeLessThan(messages.indexOf('drained; exiting'));
    } finally {
      service.child.kill('SIGKILL');
    }
  });

  it('exits at once when nothing is in flight', async () => {
    const service = await startProcess();
    try {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      // Its own account of the drain: nothing to wait for, so it never reached the drain timeout.
      const messages = logLines(service.output());
      expect(messages).toContainEqual(
        expect.objectContaining({ message: 'SIGTERM: draining requests in flight', inFlight: 0 }),
      );
      expect(messages.map((line) => line.message)).toContain('drained; exiting');
      expect(messages.map((line) => line.message)).not.toContain(
        'drain timed out; abandoning the work in flight',
      );
    } finally {
      service.child.kill('SIGKILL');
    }
  });

  it('refuses to start, naming what is missing, without its configuration', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'runner/src/image/index.ts')], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, GCLOUD_PROJECT: 'demo-phoenix' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(JSON.parse(output.trim())).toMatchObject({
      severity: 'ERROR',
      message: expect.stringContaining('IMAGE_SERVICE_URL is required'),
    });
  });
});
