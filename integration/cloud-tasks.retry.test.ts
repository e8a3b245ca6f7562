import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmulatorHarness,
  eventually,
  grpcCodeOf,
  seconds,
  sleep,
  startEmulatorHarness,
} from '../dev/src/cloud-tasks/test-harness.ts';
import type { RecordingTarget } from '../dev/src/cloud-tasks/recording-target.ts';

let harness: EmulatorHarness;
function gapsBetween(target: RecordingTarget): number[] {
  return target.requests
    .slice(1)
    .map((request, index) => request.receivedAtMs - target.requests[index]!.receivedAtMs);
}

/** Timers may fire a hair early relative to Date.now() readings on either side. */
const clockSlackMs = 5;

beforeAll(async () => {
  // Short deadlines keep the deadline test fast; the service's floor is 15 s.
  harness = await startEmulatorHarness({ minDispatchDeadlineMs: 0 });
});

afterAll(async () => {
  await harness.close();
});

describe('retries', () => {
  it('retries a 503 with growing backoff until the target answers 2xx', async () => {
    const { client } = harness;
    const minBackoffMs = 50;
    const queue = await harness.createQueue('backoff', {
      retryConfig: {
        minBackoff: seconds(minBackoffMs / 1000),
        maxBackoff: seconds(10),
        maxDoublings: 16,
        maxAttempts: 10,
      },
    });
    const receiver = await harness.target((_request, index) =>
      index < 3 ? { status: 503 } : { status: 204 },
    );
    const [task] = await client.createTask({
      parent: queue,
      task: { name: `${queue}/tasks/flaky`, httpRequest: { url: `${receiver.url}/flaky` } },
    });

    await receiver.waitForRequests(4);
    await eventually(
      'task finished',
      async () => (await grpcCodeOf(client.getTask({ name: task.name! }))) === 5,
    );
    await sleep(minBackoffMs * 4);
    expect(receiver.requests).toHaveLength(4);

    expect(receiver.requests.map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual([
      '0',
      '1',
      '2',
      '3',
    ]);
    // 5xx answers are not executions.
    expect(receiver.requests.map((r) => r.headers['x-cloudtasks-taskexecutioncount'])).toEqual([
      '0',
      '0',
      '0',
      '0',
    ]);
    expect(receiver.requests.map((r) => r.headers['x-cloudtasks-taskpreviousresponse'])).toEqual([
      undefined,
      '503',
      '503',
      '503',
    ]);
    expect(receiver.requests[0]!.headers['x-cloudtasks-taskretryreason']).toBeUndefined();
    for (const retry of receiver.requests.slice(1))
      expect(retry.headers['x-cloudtasks-taskretryreason']).toBeTruthy();

    const gaps = gapsBetween(receiver);
    // Doubling from minBackoff: at least 50, 100, 200 ms, each gap longer than the one before.
    gaps.forEach((gap, index) =>
      expect(gap).toBeGreaterThanOrEqual(minBackoffMs * 2 ** index - clockSlackMs),
    );
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]! * 2);
  });

  it('stops after maxAttempts and drops the task', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('max-attempts', {
      retryConfig: { maxAttempts: 3, minBackoff: seconds(0.05), maxBackoff: seconds(0.1) },
    });
    const receiver = await harness.target(() => ({ status: 500 }));
    const [task] = await client.createTask({
      parent: queue,
      task: { name: `${queue}/tasks/doomed`, httpRequest: { url: `${receiver.url}/doomed` } },
    });

    await receiver.waitForRequests(3);
    await eventually(
      'task dropped',
      async () => (await grpcCodeOf(client.getTask({ name: task.name! }))) === 5,
    );
    await sleep(300);
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.requests.map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual(['0', '1', '2']);
    // A dropped task's name stays reserved too.
    expect(
      await grpcCodeOf(
        client.createTask({ parent: queue, task: { name: task.name!, httpRequest: { url: receiver.url } } }),
      ),
    ).toBe(6);
  });

  it('counts 4xx answers as executions and reports them on the next attempt', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('executions', {
      retryConfig: { minBackoff: seconds(0.05), maxBackoff: seconds(0.05) },
    });
    const statuses = [404, 500, 200];
    const receiver = await harness.target((_request, index) => ({ status: statuses[index] ?? 200 }));
    await client.createTask({ parent: queue, task: { httpRequest: { url: `${receiver.url}/x` } } });
    await receiver.waitForRequests(3);
    expect(receiver.requests.map((r) => r.headers['x-cloudtasks-taskexecutioncount'])).toEqual([
      '0',
      '1',
      '1',
    ]);
    expect(receiver.requests.map((r) => r.headers['x-cloudtasks-taskpreviousresponse'])).toEqual([
      undefined,
      '404',
      '500',
    ]);
  });

  it('honours Retry-After on 429 but not on other failures', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('retry-after', {
      retryConfig: { minBackoff: seconds(0.05), maxBackoff: seconds(0.05) },
    });
    const throttled = await harness.target((_request, index) =>
      index === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 },
    );
    const failing = await harness.target((_request, index) =>
      index === 0 ? { status: 500, headers: { 'Retry-After': '1' } } : { status: 200 },
    );
    await client.createTask({ parent: queue, task: { httpRequest: { url: `${throttled.url}/a` } } });
    await client.createTask({ parent: queue, task: { httpRequest: { url: `${failing.url}/b` } } });

    await Promise.all([throttled.waitForRequests(2), failing.waitForRequests(2)]);
    expect(gapsBetween(throttled)[0]!).toBeGreaterThanOrEqual(1000 - clockSlackMs);
    expect(gapsBetween(failing)[0]!).toBeLessThan(700);
    expect(throttled.requests[1]!.headers['x-cloudtasks-taskpreviousresponse']).toBe('429');
  });

  it('aborts an attempt at dispatchDeadline and counts it as a failure', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('deadline', {
      retryConfig: { minBackoff: seconds(0.4), maxBackoff: seconds(0.4) },
    });
    const receiver = await harness.target((_request, index) =>
      index === 0 ? { hang: true } : { status: 200 },
    );
    const [task] = await client.createTask({
      parent: queue,
      task: {
        name: `${queue}/tasks/slow`,
        dispatchDeadline: seconds(0.3),
        httpRequest: { url: `${receiver.url}/slow` },
      },
    });

    await receiver.waitForRequests(1);
    // Between the timed-out attempt and the retry, the task shows what happened.
    await eventually('first attempt timed out', async () => {
      const [current] = await client.getTask({ name: task.name! });
      return current.lastAttempt?.responseStatus?.code === 4;
    });
    const [afterTimeout] = await client.getTask({ name: task.name! });
    expect(afterTimeout.dispatchCount).toBe(1);
    expect(afterTimeout.responseCount).toBe(0);
    expect(afterTimeout.firstAttempt?.dispatchTime).toBeTruthy();
    expect(afterTimeout.lastAttempt?.responseTime ?? null).toBeNull();
    expect(receiver.inFlight).toBe(0);

    await receiver.waitForRequests(2);
    // Deadline (0.3 s) plus backoff (0.4 s) separate the two attempts.
    expect(gapsBetween(receiver)[0]!).toBeGreaterThanOrEqual(700 - clockSlackMs);
    const retry = receiver.requests[1]!;
    expect(retry.headers['x-cloudtasks-taskretrycount']).toBe('1');
    expect(retry.headers['x-cloudtasks-taskexecutioncount']).toBe('0');
    expect(retry.headers['x-cloudtasks-taskpreviousresponse']).toBeUndefined();
    expect(retry.headers['x-cloudtasks-taskretryreason']).toMatch(/deadline/i);
  });

  it('retries a target that cannot be reached', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('unreachable', {
      retryConfig: { maxAttempts: 2, minBackoff: seconds(0.05), maxBackoff: seconds(0.05) },
    });
    const closed = await harness.target();
    const url = `${closed.url}/gone`;
    await closed.close();
    const [task] = await client.createTask({ parent: queue, task: { httpRequest: { url } } });
    await eventually('attempted', async () => {
      const [current] = await client.getTask({ name: task.name! }).catch(() => [undefined]);
      return current === undefined || (current.dispatchCount ?? 0) >= 1;
    });
    await eventually(
      'dropped after two attempts',
      async () => (await grpcCodeOf(client.getTask({ name: task.name! }))) === 5,
    );
  });
});
