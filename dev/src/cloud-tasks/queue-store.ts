import { randomInt } from 'node:crypto';
import type { QueueMessage, QueueState } from './messages.ts';
import { MinHeap } from './min-heap.ts';
import { type LocationName, parseLocationName, parseQueueName, parseTaskName } from './names.ts';
import { type QueueSettings, settingsAfterUpdate, settingsForNewQueue } from './queue-config.ts';
import { type TokenBucket, createTokenBucket, reconfigure } from './rate-limiter.ts';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from './rpc-error.ts';
import type { HttpTarget, NewTask } from './task-input.ts';

export interface AttemptRecord {
  scheduleTimeMs: number;
  dispatchTimeMs: number;
  responseTimeMs?: number;
  /** google.rpc.Status of the outcome. */
  responseStatus?: { code: number; message: string };
}

export interface StoredTask {
  readonly name: string;
  readonly id: string;
  readonly target: HttpTarget;
  readonly createTimeMs: number;
  readonly dispatchDeadlineMs: number;
  scheduleTimeMs: number;
  /** Attempts started, answered or not. */
  dispatchCount: number;
  /** Attempts that got any HTTP response. */
  responseCount: number;
  /** Responses other than 5xx: what X-CloudTasks-TaskExecutionCount reports. */
  executionCount: number;
  firstAttempt: AttemptRecord | undefined;
  lastAttempt: AttemptRecord | undefined;
  /** HTTP status of the latest answered failure, for X-CloudTasks-TaskPreviousResponse. */
  previousResponseStatus: number | undefined;
  /** Why the latest attempt failed, for X-CloudTasks-TaskRetryReason. */
  previousFailureReason: string | undefined;
  attemptsInFlight: number;
  /** Bumped on every reschedule so stale entries in the due-heap are skipped. */
  scheduleVersion: number;
}

interface DueEntry {
  taskName: string;
  scheduleTimeMs: number;
  scheduleVersion: number;
  sequence: number;
}

export interface StoredQueue {
  readonly name: string;
  readonly id: string;
  settings: QueueSettings;
  state: Extract<QueueState, 'RUNNING' | 'PAUSED'>;
  purgeTimeMs: number | undefined;
  readonly tasks: Map<string, StoredTask>;
  readonly due: MinHeap<DueEntry>;
  bucket: TokenBucket;
  dispatchesInFlight: number;
  /** Set once deleted, so attempts still in flight know their results are moot. */
  deleted: boolean;
}

export interface QueueStoreOptions {
  /** Clock in epoch ms. */
  now: () => number;
  /** How long a finished or deleted task's name stays reserved (ms). */
  taskNameRetentionMs: number;
  /** How long a deleted queue's name cannot be created again (ms). */
  queueNameReuseDelayMs: number;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

const maxQueuePageSize = 9800;
const maxTaskPageSize = 1000;

/** The emulator's whole state: queues, their tasks, and recently used names. */
export class QueueStore {
  readonly #options: QueueStoreOptions;
  readonly #queues = new Map<string, StoredQueue>();
  readonly #deletedQueueNames = new Map<string, number>();
  readonly #reservedTaskNames = new Map<string, number>();
  #dueSequence = 0;

  constructor(options: QueueStoreOptions) {
    this.#options = options;
  }

  createQueue(parent: string | undefined, message: QueueMessage | null | undefined): StoredQueue {
    const location = parseLocationName(parent);
    if (!message) throw invalidArgument('Queue is required.');
    const parsed = parseQueueName(message.name);
    if (parsed.name !== location.name) {
      throw invalidArgument(`The queue "${parsed.queueName}" is not in the parent "${location.name}".`);
    }
    if (this.#queues.has(parsed.queueName)) throw alreadyExists(`Queue ${parsed.queueName} already exists.`);
    const now = this.#options.now();
    if (isStillReserved(this.#deletedQueueNames, parsed.queueName, now)) {
      throw failedPrecondition(
        'The queue cannot be created because a queue with this name existed too recently.',
      );
    }
    const settings = settingsForNewQueue(message);
    const queue: StoredQueue = {
      name: parsed.queueName,
      id: parsed.queueId,
      settings,
      state: 'RUNNING',
      purgeTimeMs: undefined,
      tasks: new Map(),
      due: new MinHeap(dueFirst),
      bucket: createTokenBucket({
        ratePerSecond: settings.rateLimits.maxDispatchesPerSecond,
        capacity: settings.rateLimits.maxBurstSize,
        nowMs: now,
      }),
      dispatchesInFlight: 0,
      deleted: false,
    };
    this.#queues.set(queue.name, queue);
    return queue;
  }

  getQueue(name: string | undefined): StoredQueue {
    const parsed = parseQueueName(name);
    const queue = this.#queues.get(parsed.queueName);
    if (!queue) throw notFound(`Queue ${parsed.queueName} does not exist.`);
    return queue;
  }

  listQueues(
    parent: string | undefined,
    request: { filter?: string; pageSize?: number; pageToken?: string },
  ): Page<StoredQueue> {
    const location: LocationName = parseLocationName(parent);
    const wantedState = parseStateFilter(request.filter);
    const queues = [...this.#queues.values()]
      .filter((queue) => queue.name.startsWith(`${location.name}/queues/`))
      .filter((queue) => wantedState === undefined || queue.state === wantedState)
      .sort((a, b) => compareStrings(a.name, b.name));
    return paginate(queues, (queue) => queue.name, request.pageSize, request.pageToken, maxQueuePageSize);
  }

  /** UpdateQueue also creates the queue when it does not exist, as the service does. */
  updateQueue(
    message: QueueMessage | null | undefined,
    maskPaths: string[] | undefined,
  ): { queue: StoredQueue; created: boolean } {
    if (!message) throw invalidArgument('Queue is required.');
    const parsed = parseQueueName(message.name);
    const existing = this.#queues.get(parsed.queueName);
    if (!existing) {
      const base = settingsAfterUpdate(settingsForNewQueue({}), message, maskPaths);
      const created = this.createQueue(parsed.name, { name: parsed.queueName });
      this.#applySettings(created, base);
      return { queue: created, created: true };
    }
    this.#applySettings(existing, settingsAfterUpdate(existing.settings, message, maskPaths));
    return { queue: existing, created: false };
  }

  deleteQueue(name: string | undefined): StoredQueue {
    const queue = this.getQueue(name);
    const now = this.#options.now();
    this.#dropAllTasks(queue, now);
    queue.deleted = true;
    this.#queues.delete(queue.name);
    this.#deletedQueueNames.set(queue.name, now + this.#options.queueNameReuseDelayMs);
    return queue;
  }

  setQueueState(name: string | undefined, state: StoredQueue['state']): StoredQueue {
    const queue = this.getQueue(name);
    queue.state = state;
    return queue;
  }

  /** Deletes every task; their names stay reserved like any deleted task's. */
  purgeQueue(name: string | undefined): { queue: StoredQueue; purged: number } {
    const queue = this.getQueue(name);
    const now = this.#options.now();
    const purged = queue.tasks.size;
    this.#dropAllTasks(queue, now);
    queue.purgeTimeMs = now;
    return { queue, purged };
  }

  queues(): IterableIterator<StoredQueue> {
    return this.#queues.values();
  }

  createTask(queueName: string, newTask: NewTask): { queue: StoredQueue; task: StoredTask } {
    const queue = this.getQueue(queueName);
    const now = this.#options.now();
    const id = newTask.taskId ?? this.#freshTaskId(queue);
    const name = `${queue.name}/tasks/${id}`;
    if (queue.tasks.has(name) || isStillReserved(this.#reservedTaskNames, name, now)) {
      throw alreadyExists(
        `Task ${name} already exists or existed recently; task names cannot be reused for a while.`,
      );
    }
    const task: StoredTask = {
      name,
      id,
      target: newTask.target,
      // The service truncates createTime to whole seconds.
      createTimeMs: Math.floor(now / 1000) * 1000,
      dispatchDeadlineMs: newTask.dispatchDeadlineMs,
      scheduleTimeMs: newTask.scheduleTimeMs,
      dispatchCount: 0,
      responseCount: 0,
      executionCount: 0,
      firstAttempt: undefined,
      lastAttempt: undefined,
      previousResponseStatus: undefined,
      previousFailureReason: undefined,
      attemptsInFlight: 0,
      scheduleVersion: 0,
    };
    queue.tasks.set(name, task);
    this.reschedule(queue, task, task.scheduleTimeMs);
    return { queue, task };
  }

  getTask(name: string | undefined): { queue: StoredQueue; task: StoredTask } {
    const parsed = parseTaskName(name);
    const queue = this.getQueue(parsed.queueName);
    const task = queue.tasks.get(parsed.taskName);
    if (task) return { queue, task };
    if (isStillReserved(this.#reservedTaskNames, parsed.taskName, this.#options.now())) {
      throw notFound(`Task ${parsed.taskName} no longer exists: it completed or was deleted recently.`);
    }
    throw notFound(`Task ${parsed.taskName} does not exist.`);
  }

  listTasks(
    parent: string | undefined,
    request: { pageSize?: number; pageToken?: string },
  ): Page<StoredTask> {
    const queue = this.getQueue(parent);
    const tasks = [...queue.tasks.values()].sort((a, b) => compareStrings(a.name, b.name));
    return paginate(tasks, (task) => task.name, request.pageSize, request.pageToken, maxTaskPageSize);
  }

  deleteTask(name: string | undefined): { queue: StoredQueue; task: StoredTask } {
    const found = this.getTask(name);
    this.removeTask(found.queue, found.task);
    return found;
  }

  /** Removes a finished, dropped or deleted task and reserves its name. */
  removeTask(queue: StoredQueue, task: StoredTask): void {
    if (queue.tasks.get(task.name) !== task) return;
    queue.tasks.delete(task.name);
    this.#reservedTaskNames.set(task.name, this.#options.now() + this.#options.taskNameRetentionMs);
  }

  /** True while the task is still in its queue (not finished, purged or deleted). */
  isLive(queue: StoredQueue, task: StoredTask): boolean {
    return !queue.deleted && queue.tasks.get(task.name) === task;
  }

  /** Puts the task on the queue's timeline at `scheduleTimeMs`, replacing any earlier slot. */
  reschedule(queue: StoredQueue, task: StoredTask, scheduleTimeMs: number): void {
    task.scheduleTimeMs = scheduleTimeMs;
    task.scheduleVersion += 1;
    queue.due.push({
      taskName: task.name,
      scheduleTimeMs,
      scheduleVersion: task.scheduleVersion,
      sequence: this.#dueSequence++,
    });
  }

  /** Takes the task off the timeline (it is about to be attempted out of turn). */
  unschedule(task: StoredTask): void {
    task.scheduleVersion += 1;
  }

  /** The earliest scheduled task that is not being attempted, or undefined. */
  peekScheduled(queue: StoredQueue): StoredTask | undefined {
    for (;;) {
      const entry = queue.due.peek();
      if (!entry) return undefined;
      const task = queue.tasks.get(entry.taskName);
      if (task && task.scheduleVersion === entry.scheduleVersion && task.attemptsInFlight === 0) return task;
      queue.due.pop();
    }
  }

  /** Drops expired name reservations; called now and then to bound memory. */
  forgetExpiredNames(): void {
    const now = this.#options.now();
    for (const reservations of [this.#reservedTaskNames, this.#deletedQueueNames]) {
      for (const [name, until] of reservations) if (until <= now) reservations.delete(name);
    }
  }

  #applySettings(queue: StoredQueue, settings: QueueSettings): void {
    queue.settings = settings;
    queue.bucket = reconfigure(queue.bucket, {
      ratePerSecond: settings.rateLimits.maxDispatchesPerSecond,
      capacity: settings.rateLimits.maxBurstSize,
      nowMs: this.#options.now(),
    });
  }

  #dropAllTasks(queue: StoredQueue, now: number): void {
    for (const name of queue.tasks.keys())
      this.#reservedTaskNames.set(name, now + this.#options.taskNameRetentionMs);
    queue.tasks.clear();
    queue.due.clear();
  }

  /** Unnamed tasks get a long random numeric id, like the service assigns. */
  #freshTaskId(queue: StoredQueue): string {
    for (;;) {
      const id = `${randomInt(1, 1e9)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 100)).padStart(2, '0')}`;
      const name = `${queue.name}/tasks/${id}`;
      if (!queue.tasks.has(name) && !this.#reservedTaskNames.has(name)) return id;
    }
  }
}

function dueFirst(a: DueEntry, b: DueEntry): boolean {
  return (
    a.scheduleTimeMs < b.scheduleTimeMs || (a.scheduleTimeMs === b.scheduleTimeMs && a.sequence < b.sequence)
  );
}

function isStillReserved(reservations: Map<string, number>, name: string, now: number): boolean {
  const until = reservations.get(name);
  if (until === undefined) return false;
  if (until > now) return true;
  reservations.delete(name);
  return false;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseStateFilter(filter: string | undefined): StoredQueue['state'] | undefined {
  const trimmed = (filter ?? '').trim();
  if (trimmed === '') return undefined;
  const match = /^state\s*[:=]\s*(RUNNING|PAUSED)$/.exec(trimmed);
  if (!match)
    throw invalidArgument(
      `Unsupported filter "${trimmed}"; only "state: RUNNING" or "state: PAUSED" is understood.`,
    );
  return match[1] as StoredQueue['state'];
}

/** Page tokens carry the last name returned, so pages stay stable while items come and go. */
function paginate<T>(
  sorted: T[],
  keyOf: (item: T) => string,
  pageSize: number | undefined,
  pageToken: string | undefined,
  maxPageSize: number,
): Page<T> {
  if (pageSize !== undefined && pageSize < 0) throw invalidArgument('page_size must not be negative.');
  const size = pageSize ? Math.min(pageSize, maxPageSize) : maxPageSize;
  let start = 0;
  if (pageToken) {
    const after = Buffer.from(pageToken, 'base64url').toString('utf8');
    if (!after) throw invalidArgument('Invalid page_token.');
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + size);
  const more = start + size < sorted.length;
  const last = items.at(-1);
  return {
    items,
    nextPageToken: more && last !== undefined ? Buffer.from(keyOf(last), 'utf8').toString('base64url') : '',
  };
}
