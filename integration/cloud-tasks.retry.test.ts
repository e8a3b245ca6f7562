import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../dev/src/cloud-tasks/attempt-journal.ts';
import {
  type EmulatorHarness,
  eventually,
  grpcCodeOf,
  seconds,
  startEmulatorHarness,
} from '../dev/src/cloud-tasks/test-harness.ts';

let harness: EmulatorHarness;

/**
 * The wait the emulator scheduled before each retry, on its own clock: from
 * the failed attempt's end to the retry's schedule time. Exact, unlike gaps
 * between arrivals, which carry timer and network jitter.
 */
function backoffsOf(attempts: JournalEntry[]): number[] {
  return attempts.slice(1).map((retry, index) => retry.scheduleTimeMs - attempts[index]!.finishedMs!);
}

/** No attempt was sent before it was due, and each retry was due when its failure said. */
function expectSentOnSchedule(attempts: JournalEntry[]): void {
  for (const attempt of attempts)
    expect(attempt.dispatchTimeMs).toBeGreaterThanOrEqual(attempt.scheduleTimeMs);
  for (const [index, retry] of attempts.slice(1).entries())
    expect(retry.scheduleTimeMs).toBe(attempts[index]!.retryAtMs);
}

/** The X-CloudTasks-TaskETA each request carried, in epoch ms. */
function etasOf(requests: { headers: Record<string, string | string[] | undefined> }[]): number[] {
  return requests.map((request) => Math.round(Number(request.headers['x-cloudtasks-tasketa']) * 1000));
}

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

    // Once an attempt has ended the task, no other can follow.
    const attempts = await harness.emulator.attempts.waitForEnd(task.name!);
    expect(attempts.map((attempt) => [attempt.httpStatus, attempt.sequel])).toEqual([
      [503, 'retry'],
      [503, 'retry'],
      [503, 'retry'],
      [204, 'done'],
    ]);
    expect(await grpcCodeOf(client.getTask({ name: task.name! }))).toBe(5);
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

    // Doubling from minBackoff: 50, 100, 200 ms, and no retry sent before its time.
    expect(backoffsOf(attempts)).toEqual([minBackoffMs, minBackoffMs * 2, minBackoffMs * 4]);
    expectSentOnSchedule(attempts);
    expect(etasOf(receiver.requests)).toEqual(attempts.map((attempt) => attempt.scheduleTimeMs));
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

    const attempts = await harness.emulator.attempts.waitForEnd(task.name!);
    expect(attempts.map((attempt) => attempt.sequel)).toEqual(['retry', 'retry', 'dropped']);
    expect(await grpcCodeOf(client.getTask({ name: task.name! }))).toBe(5);
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
    const [a] = await client.createTask({
      parent: queue,
      task: { httpRequest: { url: `${throttled.url}/a` } },
    });
    const [b] = await client.createTask({
      parent: queue,
      task: { httpRequest: { url: `${failing.url}/b` } },
    });

    const [throttledAttempts, failingAttempts] = await Promise.all([
      harness.emulator.attempts.waitForEnd(a.name!),
      harness.emulator.attempts.waitForEnd(b.name!),
    ]);
    // Retry-After: 1 outweighs the 50 ms backoff after a 429, and is ignored after a 500.
    expect(backoffsOf(throttledAttempts)).toEqual([1000]);
    expect(backoffsOf(failingAttempts)).toEqual([50]);
    expectSentOnSchedule(throttledAttempts);
    expectSentOnSchedule(failingAttempts);
    expect(etasOf(throttled.requests)).toEqual(throttledAttempts.map((attempt) => attempt.scheduleTimeMs));
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

    const attempts = await harness.emulator.attempts.waitForEnd(task.name!);
    // The first attempt was cut at the deadline and counted as a failure: retried after the backoff.
    expect(attempts.map((attempt) => [attempt.outcome, attempt.sequel])).toEqual([
      ['deadline-exceeded', 'retry'],
      ['response', 'done'],
    ]);
    expect(backoffsOf(attempts)).toEqual([400]);
    expectSentOnSchedule(attempts);
    expect(receiver.requests).toHaveLength(2);
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
    const attempts = await harness.emulator.attempts.waitForEnd(task.name!);
    expect(attempts.map((attempt) => [attempt.outcome, attempt.sequel])).toEqual([
      ['network-error', 'retry'],
      ['network-error', 'dropped'],
    ]);
    expect(await grpcCodeOf(client.getTask({ name: task.name! }))).toBe(5);
  });
});
