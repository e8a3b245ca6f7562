import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmulatorHarness,
  grpcCodeOf,
  startEmulatorHarness,
} from '../dev/src/cloud-tasks/test-harness.ts';

const serviceAccountEmail = 'image-invoker@demo-phoenix.iam.gserviceaccount.com';

let harness: EmulatorHarness;

/** A google.protobuf.Timestamp as the client returns it (int64 seconds as string or Long), in epoch ms. */
function protoMs(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(time?.seconds ?? 0) * 1000 + (time?.nanos ?? 0) / 1e6;
}

beforeAll(async () => {
  harness = await startEmulatorHarness();
});

afterAll(async () => {
  await harness.close();
});

describe('dispatching an HTTP task', () => {
  it('sends the method, body, headers and a verifiable OIDC token', async () => {
    const { client, emulator } = harness;
    const queue = await harness.createQueue('dispatch');
    const receiver = await harness.target();
    const url = `${receiver.url}/jobs/run?x=1`;
    const audience = 'https://image-service.example.run.app';
    const body = JSON.stringify({ jobId: 'job-1' });

    const [created] = await client.createTask({
      parent: queue,
      task: {
        name: `${queue}/tasks/job-1`,
        dispatchDeadline: { seconds: 900 },
        httpRequest: {
          httpMethod: 'PUT',
          url,
          headers: { 'Content-Type': 'application/json', 'X-Custom': 'kept', 'User-Agent': 'overridden' },
          body: Buffer.from(body),
          oidcToken: { serviceAccountEmail, audience },
        },
      },
    });
    expect(created.name).toBe(`${queue}/tasks/job-1`);
    expect(created.view).toBe('BASIC');
    expect(created.httpRequest?.body?.length ?? 0).toBe(0);
    expect(created.httpRequest?.headers?.['User-Agent']).toBe('Google-Cloud-Tasks');
    expect(Number(created.dispatchDeadline?.seconds)).toBe(900);
    expect(Number(created.createTime?.seconds)).toBeGreaterThan(0);

    const [request] = await receiver.waitForRequests(1);
    expect(request!.method).toBe('PUT');
    expect(request!.path).toBe('/jobs/run?x=1');
    expect(request!.body.toString()).toBe(body);
    const headers = request!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(headers['x-custom']).toBe('kept');
    expect(headers['user-agent']).toBe('Google-Cloud-Tasks');
    expect(headers['x-cloudtasks-queuename']).toBe(queue.split('/').at(-1));
    expect(headers['x-cloudtasks-taskname']).toBe('job-1');
    expect(headers['x-cloudtasks-taskretrycount']).toBe('0');
    expect(headers['x-cloudtasks-taskexecutioncount']).toBe('0');
    expect(headers['x-cloudtasks-taskpreviousresponse']).toBeUndefined();
    expect(headers['x-cloudtasks-taskretryreason']).toBeUndefined();
    // The ETA is the task's schedule time, which defaults to its creation.
    expect(headers['x-cloudtasks-tasketa']).toMatch(/^\d+\.\d{6}$/);
    expect(Number(headers['x-cloudtasks-tasketa']) * 1000).toBeCloseTo(protoMs(created.scheduleTime), 3);
    expect(Math.floor(protoMs(created.scheduleTime) / 1000) * 1000).toBe(protoMs(created.createTime));

    const authorization = headers.authorization ?? '';
    expect(authorization).toMatch(/^Bearer /);
    const idToken = authorization.slice('Bearer '.length);
    const verifier = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: emulator.certsUrl } });
    const ticket = await verifier.verifyIdToken({ idToken, audience });
    const payload = ticket.getPayload();
    expect(payload?.email).toBe(serviceAccountEmail);
    expect(payload?.email_verified).toBe(true);
    expect(payload?.iss).toBe('https://accounts.google.com');
    expect(payload?.aud).toBe(audience);
    expect(payload!.exp - payload!.iat).toBe(3600);
    await expect(
      verifier.verifyIdToken({ idToken, audience: 'https://someone-else.example' }),
    ).rejects.toThrow(/audience/);

    // The JWKS carries the same key id as the token.
    const jwks = (await (await fetch(emulator.jwksUrl)).json()) as { keys: Array<{ kid: string }> };
    const header = JSON.parse(Buffer.from(idToken.split('.')[0]!, 'base64url').toString()) as {
      kid: string;
      alg: string;
    };
    expect(header.alg).toBe('RS256');
    expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);

    // A 2xx answer finishes the task.
    await expect.poll(() => grpcCodeOf(client.getTask({ name: created.name! }))).toBe(5);
  });

  it('uses the task URL as audience when none is given, and sets no Content-Type of its own', async () => {
    const { client, emulator } = harness;
    const queue = await harness.createQueue('audience');
    const receiver = await harness.target();
    const url = `${receiver.url}/hook`;
    await client.createTask({
      parent: queue,
      task: { httpRequest: { url, body: Buffer.from('raw bytes'), oidcToken: { serviceAccountEmail } } },
    });
    const [request] = await receiver.waitForRequests(1);
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBeUndefined();
    expect(request!.headers['x-cloudtasks-taskname']).toMatch(/^\d+$/);
    const idToken = (request!.headers.authorization ?? '').replace(/^Bearer /, '');
    const verifier = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: emulator.certsUrl } });
    const ticket = await verifier.verifyIdToken({ idToken, audience: url });
    expect(ticket.getPayload()?.email).toBe(serviceAccountEmail);
  });

  it('sends no body and no Authorization for a plain GET task', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('get');
    const receiver = await harness.target();
    await client.createTask({
      parent: queue,
      task: { httpRequest: { httpMethod: 'GET', url: `${receiver.url}/ping` } },
    });
    const [request] = await receiver.waitForRequests(1);
    expect(request!.method).toBe('GET');
    expect(request!.body.length).toBe(0);
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.headers['user-agent']).toBe('Google-Cloud-Tasks');
  });

  it('rejects a duplicate task name with ALREADY_EXISTS, also after the first one ran', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('dedup');
    const receiver = await harness.target();
    const task = { name: `${queue}/tasks/once`, httpRequest: { url: `${receiver.url}/once` } };
    await client.createTask({
      parent: queue,
      task: { ...task, scheduleTime: { seconds: Math.floor(Date.now() / 1000) + 1 } },
    });

    // While it waits for its schedule time.
    expect(await grpcCodeOf(client.createTask({ parent: queue, task }))).toBe(6);

    await receiver.waitForRequests(1);
    await expect.poll(() => grpcCodeOf(client.getTask({ name: task.name }))).toBe(5);
    // After it ran and was deleted, its name is still taken.
    expect(await grpcCodeOf(client.createTask({ parent: queue, task }))).toBe(6);
    // A pass over the queue after the refused duplicate found nothing more to send.
    await harness.emulator.nextPump();
    expect(harness.emulator.attempts.entries({ queue }).map((attempt) => attempt.sequel)).toEqual(['done']);
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not dispatch before scheduleTime', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('scheduled');
    const receiver = await harness.target();
    const scheduleMs = Date.now() + 1_500;
    const [created] = await client.createTask({
      parent: queue,
      task: {
        scheduleTime: { seconds: Math.floor(scheduleMs / 1000), nanos: (scheduleMs % 1000) * 1e6 },
        httpRequest: { url: `${receiver.url}/later` },
      },
    });
    expect(Number(created.scheduleTime?.seconds) * 1000 + (created.scheduleTime?.nanos ?? 0) / 1e6).toBe(
      scheduleMs,
    );
    // A pass over the queue right after creation leaves the task waiting.
    await harness.emulator.nextPump();
    expect(harness.emulator.attempts.entries({ queue })).toHaveLength(0);
    const [attempt] = await harness.emulator.attempts.waitForEnd(created.name!);
    expect(attempt!.scheduleTimeMs).toBe(scheduleMs);
    expect(attempt!.dispatchTimeMs).toBeGreaterThanOrEqual(scheduleMs);
    const [request] = await receiver.waitForRequests(1);
    expect(Number(request!.headers['x-cloudtasks-tasketa']) * 1000).toBeCloseTo(scheduleMs, 0);
  });

  it('validates task requests like the service', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('invalid');
    const missingQueue = `${harness.location}/queues/does-not-exist`;
    expect(
      await grpcCodeOf(
        client.createTask({ parent: missingQueue, task: { httpRequest: { url: 'http://127.0.0.1:1/' } } }),
      ),
    ).toBe(5);
    expect(
      await grpcCodeOf(
        client.createTask({ parent: queue, task: { httpRequest: { url: 'ftp://example.com/' } } }),
      ),
    ).toBe(3);
    expect(
      await grpcCodeOf(
        client.createTask({
          parent: queue,
          task: { name: `${queue}/tasks/bad id`, httpRequest: { url: 'http://127.0.0.1:1/' } },
        }),
      ),
    ).toBe(3);
    expect(
      await grpcCodeOf(
        client.createTask({
          parent: queue,
          task: { httpRequest: { httpMethod: 'GET', url: 'http://127.0.0.1:1/', body: Buffer.from('x') } },
        }),
      ),
    ).toBe(3);
    // The service accepts deadlines from 15 s to 30 min.
    expect(
      await grpcCodeOf(
        client.createTask({
          parent: queue,
          task: { dispatchDeadline: { seconds: 5 }, httpRequest: { url: 'http://127.0.0.1:1/' } },
        }),
      ),
    ).toBe(3);
    expect(
      await grpcCodeOf(
        client.createTask({
          parent: queue,
          task: { httpRequest: { url: 'http://127.0.0.1:1/', body: Buffer.alloc(101 * 1024) } },
        }),
      ),
    ).toBe(3);
  });
});

describe('duplicate deliveries, switched on at run time', () => {
  const switchFaults = async (method: 'GET' | 'POST' | 'DELETE', body?: unknown) => {
    const response = await fetch(harness.emulator.faultsUrl, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('sends each attempt 3 times at once with the same headers, and deletes the task once', async () => {
    const { client, emulator } = harness;
    expect(await switchFaults('POST', { duplicateDeliveries: 3 })).toEqual({
      status: 200,
      body: { duplicateDeliveries: 3, extraDeliveries: { sent: 0, succeeded: 0, failed: 0 } },
    });
    try {
      const queue = await harness.createQueue('duplicates');
      // Answering late keeps every copy in flight until the last one arrives.
      const receiver = await harness.target(() => ({ delayMs: 300 }));
      const body = JSON.stringify({ jobId: 'job-dup' });
      const [created] = await client.createTask({
        parent: queue,
        task: {
          name: `${queue}/tasks/job-dup`,
          httpRequest: {
            url: `${receiver.url}/jobs/run`,
            body: Buffer.from(body),
            oidcToken: { serviceAccountEmail },
          },
        },
      });

      const attempts = await emulator.attempts.waitForEnd(created.name!);
      expect(attempts.map((attempt) => attempt.sequel)).toEqual(['done']);
      const requests = await receiver.waitForRequests(3);
      expect(receiver.maxInFlight).toBe(3);
      expect(requests.map((request) => request.headers['x-cloudtasks-taskname'])).toEqual([
        'job-dup',
        'job-dup',
        'job-dup',
      ]);
      const taskHeaders = requests.map((request) =>
        Object.entries(request.headers).filter(
          ([name]) => name.startsWith('x-cloudtasks-') || name === 'authorization',
        ),
      );
      expect(taskHeaders[0]).toContainEqual(['x-cloudtasks-taskretrycount', '0']);
      expect(taskHeaders[1]).toEqual(taskHeaders[0]);
      expect(taskHeaders[2]).toEqual(taskHeaders[0]);
      expect(requests.map((request) => request.body.toString())).toEqual([body, body, body]);

      await expect
        .poll(async () => (await switchFaults('GET')).body)
        .toEqual({ duplicateDeliveries: 3, extraDeliveries: { sent: 2, succeeded: 2, failed: 0 } });
      // The queue ends empty, and a pass over it afterwards sends nothing more.
      expect((await client.listTasks({ parent: queue }))[0]).toHaveLength(0);
      await emulator.nextPump();
      expect(receiver.requests).toHaveLength(3);
      expect(emulator.attempts.entries({ queue })).toHaveLength(1);
    } finally {
      await switchFaults('DELETE');
    }
    expect((await switchFaults('GET')).body).toEqual({
      duplicateDeliveries: 1,
      extraDeliveries: { sent: 0, succeeded: 0, failed: 0 },
    });
  });

  it('refuses a malformed switch with 400 and a reason', async () => {
    const refused = await switchFaults('POST', { duplicateDeliveries: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: expect.stringMatching(/from 1 to 10, got 0/) as unknown });
    expect((await switchFaults('GET')).body).toMatchObject({ duplicateDeliveries: 1 });
  });
});
