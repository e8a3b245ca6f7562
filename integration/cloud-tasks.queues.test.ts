import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmulatorHarness,
  eventually,
  grpcCodeOf,
  seconds,
  startEmulatorHarness,
} from '../dev/src/cloud-tasks/test-harness.ts';

let harness: EmulatorHarness;
/** The client returns int64 seconds as strings (or Longs); Number() reads both. */
function durationMs(duration: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(duration?.seconds ?? 0) * 1000 + (duration?.nanos ?? 0) / 1e6;
}

/** Follows page tokens by hand (one item per page) to exercise them. */
async function namesPageByPage(
  list: (pageToken: string) => Promise<{ names: string[]; nextPageToken: string }>,
): Promise<string[]> {
  const names: string[] = [];
  let pageToken = '';
  do {
    const page = await list(pageToken);
    expect(page.names.length).toBeLessThanOrEqual(1);
    names.push(...page.names);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return names;
}

const inAnHour = () => ({ seconds: Math.floor(Date.now() / 1000) + 3600 });

beforeAll(async () => {
  harness = await startEmulatorHarness({ queueNameReuseDelayMs: 60_000 });
});

afterAll(async () => {
  await harness.close();
});

describe('queues', () => {
  it('creates queues with the documented defaults and rejects duplicates and bad names', async () => {
    const { client, location } = harness;
    const name = await harness.createQueue('defaults');
    const [queue] = await client.getQueue({ name });
    expect(queue.state).toBe('RUNNING');
    expect(queue.rateLimits?.maxDispatchesPerSecond).toBe(500);
    expect(queue.rateLimits?.maxConcurrentDispatches).toBe(1000);
    expect(queue.rateLimits?.maxBurstSize).toBe(100);
    expect(queue.retryConfig?.maxAttempts).toBe(100);
    expect(durationMs(queue.retryConfig?.minBackoff)).toBe(100);
    expect(durationMs(queue.retryConfig?.maxBackoff)).toBe(3_600_000);
    expect(queue.retryConfig?.maxDoublings).toBe(16);
    expect(durationMs(queue.retryConfig?.maxRetryDuration)).toBe(0);

    expect(await grpcCodeOf(client.createQueue({ parent: location, queue: { name } }))).toBe(6);
    expect(await grpcCodeOf(client.getQueue({ name: `${location}/queues/missing-queue` }))).toBe(5);
    expect(
      await grpcCodeOf(
        client.createQueue({ parent: location, queue: { name: `${location}/queues/under_score` } }),
      ),
    ).toBe(3);
    expect(
      await grpcCodeOf(
        client.createQueue({
          parent: location,
          queue: { name: `${location}/queues/too-fast`, rateLimits: { maxDispatchesPerSecond: 501 } },
        }),
      ),
    ).toBe(3);

    await client.deleteQueue({ name });
    expect(await grpcCodeOf(client.getQueue({ name }))).toBe(5);
    // A deleted queue's name cannot be reused straight away.
    expect(await grpcCodeOf(client.createQueue({ parent: location, queue: { name } }))).toBe(9);
  });

  it('lists queues across pages', async () => {
    const { client } = harness;
    const project = `list-${Date.now()}`;
    const parent = `projects/${project}/locations/europe-west1`;
    const names = ['a', 'b', 'c'].map((id) => `${parent}/queues/${id}`);
    for (const name of names) await client.createQueue({ parent, queue: { name } });
    await client.pauseQueue({ name: names[1]! });
    const all = await namesPageByPage(async (pageToken) => {
      const [queues, , response] = await client.listQueues(
        { parent, pageSize: 1, pageToken },
        { autoPaginate: false },
      );
      return { names: queues.map((queue) => queue.name!), nextPageToken: response?.nextPageToken ?? '' };
    });
    expect(all).toEqual(names);
    const [paused] = await client.listQueues({ parent, filter: 'state: PAUSED' });
    expect(paused.map((queue) => queue.name)).toEqual([names[1]]);
  });

  it('never has more than maxConcurrentDispatches attempts in flight', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('concurrency', { rateLimits: { maxConcurrentDispatches: 2 } });
    const receiver = await harness.target(() => ({ status: 200, delayMs: 150 }));
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        client.createTask({ parent: queue, task: { httpRequest: { url: `${receiver.url}/${index}` } } }),
      ),
    );
    await receiver.waitForRequests(8);
    await eventually('all answered', () => receiver.inFlight === 0);
    expect(receiver.maxInFlight).toBe(2);
  });

  it('spaces dispatches by maxDispatchesPerSecond', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('rate', { rateLimits: { maxDispatchesPerSecond: 5 } });
    const [described] = await client.getQueue({ name: queue });
    expect(described.rateLimits?.maxBurstSize).toBe(1);
    const receiver = await harness.target();
    await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        client.createTask({ parent: queue, task: { httpRequest: { url: `${receiver.url}/${index}` } } }),
      ),
    );
    const attempts = await harness.emulator.attempts.waitFor('four dispatches', () => {
      const sent = harness.emulator.attempts.entries({ queue });
      return sent.length >= 4 ? sent : undefined;
    });
    // One token up front, then one per 200 ms, on the emulator's own clock;
    // unthrottled, all four would go out in the same millisecond or two. An
    // attempt's dispatch time is read when it starts, a few ms after its token
    // was granted, so one gap can read a few ms short of 200 (199 was seen).
    const times = attempts.map((attempt) => attempt.dispatchTimeMs);
    for (let index = 1; index < times.length; index += 1)
      expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(190);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(3 * 200 - 10);
    await receiver.waitForRequests(4);
  });

  it('holds tasks while paused, dispatches them on resume, and purges', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('pause');
    const receiver = await harness.target();
    const [paused] = await client.pauseQueue({ name: queue });
    expect(paused.state).toBe('PAUSED');
    for (const id of ['p1', 'p2'])
      await client.createTask({
        parent: queue,
        task: { name: `${queue}/tasks/${id}`, httpRequest: { url: `${receiver.url}/${id}` } },
      });
    // A pass over the queues that found both tasks due sent neither.
    await harness.emulator.nextPump();
    expect(harness.emulator.attempts.entries({ queue })).toHaveLength(0);
    expect(receiver.requests).toHaveLength(0);
    const [listed] = await client.listTasks({ parent: queue });
    expect(listed.map((task) => task.name)).toEqual([`${queue}/tasks/p1`, `${queue}/tasks/p2`]);

    const [resumed] = await client.resumeQueue({ name: queue });
    expect(resumed.state).toBe('RUNNING');
    await receiver.waitForRequests(2);

    await client.pauseQueue({ name: queue });
    for (const id of ['q1', 'q2', 'q3'])
      await client.createTask({
        parent: queue,
        task: { name: `${queue}/tasks/${id}`, httpRequest: { url: `${receiver.url}/${id}` } },
      });
    const [purged] = await client.purgeQueue({ name: queue });
    expect(purged.purgeTime).toBeTruthy();
    expect((await client.listTasks({ parent: queue }))[0]).toHaveLength(0);
    await client.resumeQueue({ name: queue });
    await harness.emulator.nextPump();
    expect(harness.emulator.attempts.entries({ queue }).map((attempt) => attempt.task)).toEqual([
      `${queue}/tasks/p1`,
      `${queue}/tasks/p2`,
    ]);
    expect(receiver.requests).toHaveLength(2);
    expect(
      await grpcCodeOf(
        client.createTask({
          parent: queue,
          task: { name: `${queue}/tasks/q1`, httpRequest: { url: receiver.url } },
        }),
      ),
    ).toBe(6);
  });

  it('gets, lists, deletes and runs tasks', async () => {
    const { client } = harness;
    const queue = await harness.createQueue('tasks');
    const receiver = await harness.target();
    const body = Buffer.from('{"a":1}');
    const [later] = await client.createTask({
      parent: queue,
      task: {
        name: `${queue}/tasks/later`,
        scheduleTime: inAnHour(),
        httpRequest: { url: `${receiver.url}/later`, body },
      },
    });
    const [doomed] = await client.createTask({
      parent: queue,
      task: {
        name: `${queue}/tasks/doomed`,
        scheduleTime: inAnHour(),
        httpRequest: { url: `${receiver.url}/doomed` },
      },
    });

    const [basic] = await client.getTask({ name: later.name! });
    expect(basic.view).toBe('BASIC');
    expect(basic.httpRequest?.body?.length ?? 0).toBe(0);
    expect(basic.dispatchCount).toBe(0);
    const [full] = await client.getTask({ name: later.name!, responseView: 'FULL' });
    expect(full.view).toBe('FULL');
    expect(Buffer.from(full.httpRequest!.body!).toString()).toBe('{"a":1}');
    expect(durationMs(full.dispatchDeadline)).toBe(600_000);
    const listed = await namesPageByPage(async (pageToken) => {
      const [tasks, , response] = await client.listTasks(
        { parent: queue, pageSize: 1, pageToken },
        { autoPaginate: false },
      );
      return { names: tasks.map((task) => task.name!), nextPageToken: response?.nextPageToken ?? '' };
    });
    expect(listed).toEqual([doomed.name, later.name]);

    await client.deleteTask({ name: doomed.name! });
    expect(await grpcCodeOf(client.getTask({ name: doomed.name! }))).toBe(5);
    expect(await grpcCodeOf(client.deleteTask({ name: doomed.name! }))).toBe(5);
    expect(await grpcCodeOf(client.runTask({ name: doomed.name! }))).toBe(5);

    // RunTask ignores the schedule and even a paused queue.
    await client.pauseQueue({ name: queue });
    const [running] = await client.runTask({ name: later.name! });
    expect(running.dispatchCount).toBe(1);
    expect(running.lastAttempt?.dispatchTime).toBeTruthy();
    const [request] = await receiver.waitForRequests(1);
    expect(request!.path).toBe('/later');
    expect(request!.body.toString()).toBe('{"a":1}');
    const attempts = await harness.emulator.attempts.waitForEnd(later.name!);
    expect(attempts.map((attempt) => [attempt.forced, attempt.sequel])).toEqual([[true, 'done']]);
    expect(await grpcCodeOf(client.getTask({ name: later.name! }))).toBe(5);
    expect(receiver.requests).toHaveLength(1);
  });

  it('updates rate limits and retry config through UpdateQueue, honouring the mask', async () => {
    const { client, location } = harness;
    const queue = await harness.createQueue('update', {
      retryConfig: { maxAttempts: 50, minBackoff: seconds(0.05), maxBackoff: seconds(0.05) },
    });

    const [masked] = await client.updateQueue({
      queue: {
        name: queue,
        rateLimits: { maxConcurrentDispatches: 3, maxDispatchesPerSecond: 7 },
        retryConfig: { maxAttempts: 2, maxDoublings: 4 },
      },
      updateMask: { paths: ['rate_limits.max_concurrent_dispatches', 'retry_config.max_attempts'] },
    });
    expect(masked.rateLimits?.maxConcurrentDispatches).toBe(3);
    expect(masked.rateLimits?.maxDispatchesPerSecond).toBe(500);
    expect(masked.retryConfig?.maxAttempts).toBe(2);
    expect(masked.retryConfig?.maxDoublings).toBe(16);
    expect(durationMs(masked.retryConfig?.minBackoff)).toBe(50);

    const [unmasked] = await client.updateQueue({
      queue: { name: queue, rateLimits: { maxDispatchesPerSecond: 20 } },
    });
    expect(unmasked.rateLimits?.maxDispatchesPerSecond).toBe(20);
    expect(unmasked.rateLimits?.maxBurstSize).toBe(4);
    expect(unmasked.rateLimits?.maxConcurrentDispatches).toBe(3);
    const [fetched] = await client.getQueue({ name: queue });
    expect(fetched.retryConfig?.maxAttempts).toBe(2);

    // The new retry config governs dispatch: two attempts, then the task is gone.
    const receiver = await harness.target(() => ({ status: 500 }));
    const [task] = await client.createTask({
      parent: queue,
      task: { httpRequest: { url: `${receiver.url}/x` } },
    });
    const attempts = await harness.emulator.attempts.waitForEnd(task.name!);
    expect(attempts.map((attempt) => attempt.sequel)).toEqual(['retry', 'dropped']);
    expect(await grpcCodeOf(client.getTask({ name: task.name! }))).toBe(5);
    expect(receiver.requests).toHaveLength(2);

    expect(
      await grpcCodeOf(client.updateQueue({ queue: { name: queue }, updateMask: { paths: ['state'] } })),
    ).toBe(3);
    expect(
      await grpcCodeOf(
        client.updateQueue({ queue: { name: queue }, updateMask: { paths: ['no_such_field'] } }),
      ),
    ).toBe(3);
    expect(
      await grpcCodeOf(
        client.updateQueue({
          queue: { name: queue, retryConfig: { minBackoff: seconds(10), maxBackoff: seconds(1) } },
          updateMask: { paths: ['retry_config'] },
        }),
      ),
    ).toBe(3);

    // UpdateQueue creates a queue that does not exist yet.
    const fresh = `${location}/queues/upsert-${Date.now()}`;
    const [upserted] = await client.updateQueue({
      queue: { name: fresh, rateLimits: { maxConcurrentDispatches: 9 } },
    });
    expect(upserted.rateLimits?.maxConcurrentDispatches).toBe(9);
    expect(upserted.state).toBe('RUNNING');
  });
});
