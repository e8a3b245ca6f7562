import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { imageRequestDefaults, paths } from '@phoenix/core';
import type { CloudTasksClient } from '@google-cloud/tasks';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTasksClient } from '../dev/src/cloud-tasks/client.ts';
import { eventually, seconds } from '../dev/src/cloud-tasks/test-harness.ts';
import { startRecordingTarget } from '../dev/src/cloud-tasks/recording-target.ts';
import { taskServerLimits } from '../runner/src/platform/task-server.ts';
import { closedPort } from './image-service.fixture.ts';
import { startImageServiceProcess, type ImageServiceProcess } from './support/image-process.ts';
import { seedDebitedJob } from './support/seed-job.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

/**
 * The real image service process on the test stack, fed raw bytes no client
 * library would send. Each gets its answer; the process lives on, stays
 * healthy, and then runs a real job delivered by Cloud Tasks.
 */
describe('image service process: malformed requests', () => {
  const stack = testStack();
  let service: ImageServiceProcess;
  let url: string;
  let port: number;
  let exit: { code: number | null; signal: string | null } | undefined;
  let adminApp: App;
  let db: Firestore;
  let tasks: CloudTasksClient;
  const location = `projects/${stack.projectId}/locations/${stack.env.TASKS_LOCATION ?? 'us-central1'}`;
  const invokerEmail = stack.env.TASKS_INVOKER_EMAIL!;

  beforeAll(async () => {
    port = await closedPort();
    url = `http://127.0.0.1:${port}`;
    service = await startImageServiceProcess(port, {
      ...stack.env,
      IMAGE_SERVICE_URL: url,
      OIDC_CERTS_URL: stack.env.CLOUD_TASKS_OIDC_CERTS_URL,
    });
    void service.exited.then((ended) => (exit = ended));
    process.env.FIRESTORE_EMULATOR_HOST = stack.env.FIRESTORE_EMULATOR_HOST;
    adminApp = initializeApp({ projectId: stack.projectId }, uniquePrefix('malformed'));
    db = getFirestore(adminApp);
    tasks = createLocalTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST!);
  });

  afterAll(async () => {
    await service?.kill();
    await tasks?.close();
    if (adminApp) await deleteApp(adminApp);
  });

  /**
   * Writes `bytes`, then resolves with all the server sent once the connection
   * closes. `then: 'end'` half-closes right after the write; `'destroy'` drops
   * the connection as soon as the server sends anything (its `100 Continue`).
   */
  function raw(bytes: string | Buffer, options: { then?: 'end' | 'destroy' } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1');
        if (options.then === 'destroy') socket.destroy();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(answer));
      socket.write(bytes, () => {
        if (options.then === 'end') socket.end();
      });
    });
  }

  const statusLine = (answer: string) => answer.split('\r\n')[0];

  /** After every malformed request: the process has not exited and /healthz answers. */
  async function stillServing(): Promise<void> {
    expect(exit).toBeUndefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(exit).toBeUndefined();
  }

  /** Resolves once the process has logged a line with this message `times` times in all. */
  function logged(message: string, times = 1): Promise<void> {
    return eventually(
      `the log line "${message}" ×${times}`,
      () => service.logs.filter((line) => line.message === message).length >= times,
    );
  }

  /** A real token the emulator signs for this process's URL, caught at a recorder. */
  async function mintToken(): Promise<string> {
    const recorder = await startRecordingTarget();
    try {
      const queue = `${location}/queues/mint-${randomUUID().slice(0, 8)}`;
      await tasks.createQueue({ parent: location, queue: { name: queue } });
      await tasks.createTask({
        parent: queue,
        task: {
          httpRequest: { url: recorder.url, oidcToken: { serviceAccountEmail: invokerEmail, audience: url } },
        },
      });
      const [request] = await recorder.waitForRequests(1);
      return (request?.headers.authorization ?? '').replace(/^Bearer /, '');
    } finally {
      await recorder.close();
    }
  }

  it('answers GET // with 404 (it used to throw in new URL and kill the process)', async () => {
    const answer = await raw('GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusLine(answer)).toBe('HTTP/1.1 404 Not Found');
    expect(answer).toContain('"code":"not_found"');
    await stillServing();
  });

  it('answers a request target that is not a path with 400', async () => {
    const answer = await raw('GET http://[oops/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusLine(answer)).toBe('HTTP/1.1 400 Bad Request');
    expect(answer).toContain('"code":"bad_request"');
    await stillServing();
  });

  it('answers an unknown method with 400, and a wrong one on a known path with 405', async () => {
    expect(statusLine(await raw('FOO /tasks/image HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    await stillServing();
    const get = await raw('GET /tasks/image HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusLine(get)).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(get.toLowerCase()).toContain('allow: post');
    await stillServing();
  });

  it('answers headers larger than the limit with 431', async () => {
    const huge = 'x'.repeat(taskServerLimits.maxHeaderBytes * 2);
    const answer = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${huge}\r\n\r\n`);
    expect(statusLine(answer)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    await stillServing();
  });

  it('survives a task whose body is cut short, whether the client half-closes or hangs up', async () => {
    const token = await mintToken();
    const truncated =
      `POST /tasks/image HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jobId":"cut';
    // Half-closed mid-body: the handler has the request and gives up on it; no answer is due.
    expect(await raw(truncated, { then: 'end' })).toBe('');
    await logged('image task request aborted by the client before its body ended', 1);
    await stillServing();
    // Gone for good, once the handler has the request (Node sends 100 Continue as it calls it).
    const continued = await raw(truncated.replace('Host: x\r\n', 'Host: x\r\nExpect: 100-continue\r\n'), {
      then: 'destroy',
    });
    expect(statusLine(continued)).toBe('HTTP/1.1 100 Continue');
    await logged('image task request aborted by the client before its body ended', 2);
    await stillServing();
  });

  it('answers bytes that are not HTTP at all with 400', async () => {
    const garbage = Buffer.from([
      0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a,
    ]);
    expect(statusLine(await raw(garbage))).toBe('HTTP/1.1 400 Bad Request');
    await logged('malformed request refused');
    await stillServing();
  });

  it('then runs a real job delivered by Cloud Tasks to the same process', async () => {
    const { jobId } = await seedDebitedJob(db, {
      ...imageRequestDefaults,
      prompt: 'a lighthouse after the storm',
      count: 1,
      enhancePrompt: false,
    });
    const queue = `${location}/queues/malformed-${randomUUID().slice(0, 8)}`;
    await tasks.createQueue({
      parent: location,
      queue: {
        name: queue,
        retryConfig: { maxAttempts: 3, minBackoff: seconds(0.1), maxBackoff: seconds(0.5), maxDoublings: 2 },
      },
    });
    const ended = new Promise<string>((resolve, reject) => {
      const unsubscribe = db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
        const status = snapshot.get('status') as string | undefined;
        if (status === 'succeeded' || status === 'failed' || status === 'canceled') {
          unsubscribe();
          resolve(status);
        }
      }, reject);
    });
    await tasks.createTask({
      parent: queue,
      task: {
        httpRequest: {
          httpMethod: 'POST',
          url: `${url}/tasks/image`,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify({ jobId })),
          oidcToken: { serviceAccountEmail: invokerEmail, audience: url },
        },
      },
    });
    expect(await ended).toBe('succeeded');
    await stillServing();
  });
});
