import { describe, expect, it } from 'vitest';
import { QueueStore } from './queue-store.ts';
import type { NewTask } from './task-input.ts';

const location = 'projects/p/locations/l';
const queueName = `${location}/queues/q`;

function storeWithClock() {
  const clock = { now: 1_000_000 };
  const store = new QueueStore({
    now: () => clock.now,
    taskNameRetentionMs: 3_600_000,
    queueNameReuseDelayMs: 7 * 86_400_000,
  });
  store.createQueue(location, { name: queueName });
  return { store, clock };
}

function newTask(taskId: string | undefined, scheduleTimeMs = 0): NewTask {
  return {
    taskId,
    scheduleTimeMs,
    dispatchDeadlineMs: 600_000,
    target: {
      method: 'POST',
      url: 'http://h/',
      headers: {},
      body: Buffer.alloc(0),
      oidcToken: undefined,
      oauthToken: undefined,
    },
  };
}

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

describe('QueueStore names', () => {
  it('keeps a task name reserved for an hour after the task is gone', () => {
    const { store, clock } = storeWithClock();
    store.createTask(queueName, newTask('t1'));
    expect(codeOf(() => store.createTask(queueName, newTask('t1')))).toBe(6);
    store.deleteTask(`${queueName}/tasks/t1`);
    expect(codeOf(() => store.getTask(`${queueName}/tasks/t1`))).toBe(5);
    expect(codeOf(() => store.createTask(queueName, newTask('t1')))).toBe(6);
    clock.now += 3_600_000;
    expect(codeOf(() => store.createTask(queueName, newTask('t1')))).toBeUndefined();
  });

  it('reserves purged names and blocks re-creating a deleted queue for a week', () => {
    const { store, clock } = storeWithClock();
    store.createTask(queueName, newTask('t2'));
    store.purgeQueue(queueName);
    expect(codeOf(() => store.createTask(queueName, newTask('t2')))).toBe(6);
    store.deleteQueue(queueName);
    expect(codeOf(() => store.getQueue(queueName))).toBe(5);
    expect(codeOf(() => store.createQueue(location, { name: queueName }))).toBe(9);
    clock.now += 7 * 86_400_000;
    expect(codeOf(() => store.createQueue(location, { name: queueName }))).toBeUndefined();
  });

  it('generates distinct numeric ids for unnamed tasks', () => {
    const { store } = storeWithClock();
    const ids = new Set(
      Array.from({ length: 50 }, () => store.createTask(queueName, newTask(undefined)).task.id),
    );
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^\d{12,}$/);
  });

  it('hands out scheduled tasks earliest first, skipping ones rescheduled or removed', () => {
    const { store } = storeWithClock();
    const queue = store.getQueue(queueName);
    const late = store.createTask(queueName, newTask('late', 300)).task;
    const early = store.createTask(queueName, newTask('early', 100)).task;
    const middle = store.createTask(queueName, newTask('middle', 200)).task;
    expect(store.peekScheduled(queue)).toBe(early);
    store.reschedule(queue, early, 400);
    expect(store.peekScheduled(queue)).toBe(middle);
    store.removeTask(queue, middle);
    expect(store.peekScheduled(queue)).toBe(late);
  });
});
