import http from 'node:http';
import https from 'node:https';
import type { AttemptJournal, AttemptSequel, JournalEntry } from './attempt-journal.ts';
import { outcomeFields, recordOutcome } from './attempt-outcome.ts';
import { nextAttemptDelayMs, retriesExhausted } from './backoff.ts';
import { dispatchHeaders } from './dispatch-headers.ts';
import type { DeliveryFaults } from './duplicate-deliveries.ts';
import { type AttemptOutcome, sendAttempt } from './http-attempt.ts';
import type { Logger } from '../../../runner/src/platform/log.ts';
import { type OidcSigner, authorizationFor } from './oidc.ts';
import type { AttemptRecord, QueueStore, StoredQueue, StoredTask } from './queue-store.ts';
import { tryTakeToken } from './rate-limiter.ts';

export interface DispatcherOptions {
  store: QueueStore;
  signer: OidcSigner;
  logger: Logger;
  /** Clock in epoch ms. */
  now: () => number;
  /** Receives every attempt as it is sent and when it ends. */
  journal: AttemptJournal;
  /** Whether a 429/503's `Retry-After` may lengthen the backoff. @default true */
  honourRetryAfter?: boolean;
  /** How many copies each attempt sends, and what became of the extra ones. */
  deliveries: DeliveryFaults;
}

/** Longest setTimeout node accepts; later wake-ups are simply re-armed. */
const maxTimerMs = 2 ** 31 - 1;
const nameSweepIntervalMs = 60_000;

/**
 * Sends due tasks to their targets while honouring each queue's state, rate
 * and concurrency limits, and turns every answer into success, a scheduled
 * retry, or a dropped task.
 */
export class Dispatcher {
  readonly #store: QueueStore;
  readonly #signer: OidcSigner;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #journal: AttemptJournal;
  readonly #honourRetryAfter: boolean;
  readonly #deliveries: DeliveryFaults;
  readonly #afterPump: Array<() => void> = [];
  readonly #agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  readonly #shutdown = new AbortController();
  readonly #attempts = new Set<Promise<void>>();
  #wakeTimer: NodeJS.Timeout | undefined;
  #pendingPump: NodeJS.Immediate | undefined;
  #lastNameSweepMs = 0;

  constructor(options: DispatcherOptions) {
    this.#store = options.store;
    this.#signer = options.signer;
    this.#log = options.logger;
    this.#now = options.now;
    this.#journal = options.journal;
    this.#honourRetryAfter = options.honourRetryAfter ?? true;
    this.#deliveries = options.deliveries;
  }

  /** Something changed (a task, a queue's state or limits): look again soon. */
  wake(): void {
    if (this.#shutdown.signal.aborted || this.#pendingPump) return;
    this.#pendingPump = setImmediate(() => {
      this.#pendingPump = undefined;
      this.#pump();
    });
  }

  /**
   * Asks for a pass over the queues and resolves once it has run: by then
   * every task that was due has been sent, or held back by its queue's state
   * or limits. Lets a test see that nothing was sent without sleeping.
   */
  nextPump(): Promise<void> {
    if (this.#shutdown.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.#afterPump.push(resolve);
      this.wake();
    });
  }

  /** RunTask: attempt now, whatever the schedule, state or limits say. */
  runNow(queue: StoredQueue, task: StoredTask): void {
    this.#store.unschedule(task);
    this.#startAttempt(queue, task, true);
  }

  /** Cancels in-flight attempts and timers; resolves once nothing is left running. */
  async close(): Promise<void> {
    this.#shutdown.abort();
    clearTimeout(this.#wakeTimer);
    if (this.#pendingPump) clearImmediate(this.#pendingPump);
    await Promise.allSettled([...this.#attempts]);
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  #pump(): void {
    if (this.#shutdown.signal.aborted) return;
    clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    const now = this.#now();
    if (now - this.#lastNameSweepMs > nameSweepIntervalMs) {
      this.#lastNameSweepMs = now;
      this.#store.forgetExpiredNames();
    }
    let nextWakeMs = Number.POSITIVE_INFINITY;
    for (const queue of this.#store.queues()) {
      if (queue.state !== 'RUNNING') continue;
      // A full queue needs no timer: the attempt that frees a slot wakes us.
      while (queue.dispatchesInFlight < queue.settings.rateLimits.maxConcurrentDispatches) {
        const task = this.#store.peekScheduled(queue);
        if (!task) break;
        if (task.scheduleTimeMs > now) {
          nextWakeMs = Math.min(nextWakeMs, task.scheduleTimeMs);
          break;
        }
        const take = tryTakeToken(queue.bucket, now);
        queue.bucket = take.bucket;
        if (!take.granted) {
          nextWakeMs = Math.min(nextWakeMs, now + take.retryInMs);
          break;
        }
        this.#startAttempt(queue, task, false);
      }
    }
    if (Number.isFinite(nextWakeMs)) {
      this.#wakeTimer = setTimeout(() => this.#pump(), Math.min(maxTimerMs, Math.max(0, nextWakeMs - now)));
    }
    for (const resolve of this.#afterPump.splice(0)) resolve();
  }

  #startAttempt(queue: StoredQueue, task: StoredTask, forced: boolean): void {
    this.#track(
      this.#attempt(queue, task, forced).catch((error: unknown) => {
        this.#log({
          severity: 'ERROR',
          message: `dispatch of ${task.name} crashed: ${String(error)}`,
          queue: queue.name,
          task: task.name,
        });
      }),
    );
  }

  /** Keeps `running` until it ends, so that close() waits for it. */
  #track(running: Promise<void>): void {
    this.#attempts.add(running);
    void running.finally(() => this.#attempts.delete(running));
  }

  async #attempt(queue: StoredQueue, task: StoredTask, forced: boolean): Promise<void> {
    const startedMs = this.#now();
    const attempt: AttemptRecord = { scheduleTimeMs: task.scheduleTimeMs, dispatchTimeMs: startedMs };
    const retryCount = task.dispatchCount;
    task.dispatchCount += 1;
    task.attemptsInFlight += 1;
    queue.dispatchesInFlight += 1;
    task.firstAttempt ??= attempt;
    task.lastAttempt = attempt;
    const entry = this.#journal.started({
      queue: queue.name,
      task: task.name,
      attempt: task.dispatchCount,
      forced,
      scheduleTimeMs: task.scheduleTimeMs,
      dispatchTimeMs: startedMs,
    });

    const { target } = task;
    const headers = dispatchHeaders(target.headers, {
      queueId: queue.id,
      taskId: task.id,
      retryCount,
      executionCount: task.executionCount,
      etaMs: task.scheduleTimeMs,
      previousResponseStatus: retryCount > 0 ? task.previousResponseStatus : undefined,
      retryReason: task.previousFailureReason,
      authorization: authorizationFor(this.#signer, target, startedMs),
    });
    const request = {
      method: target.method,
      url: target.url,
      headers,
      body: target.body,
      deadlineMs: task.dispatchDeadlineMs,
      signal: this.#shutdown.signal,
      agents: this.#agents,
    };
    // Duplicates overlap, as the service's do; only the first copy decides the attempt.
    const [first, ...extras] = Array.from({ length: this.#deliveries.copies }, () => sendAttempt(request));
    this.#deliveries.extraSent(extras.length);
    extras.forEach((extra, index) =>
      this.#track(
        this.#settleExtra(extra, { task: task.name, attempt: task.dispatchCount, copy: index + 2 }),
      ),
    );
    let outcome: AttemptOutcome;
    try {
      outcome = await first!;
    } finally {
      task.attemptsInFlight -= 1;
      queue.dispatchesInFlight -= 1;
    }
    if (outcome.kind === 'cancelled') return;

    const finishedMs = this.#now();
    const durationMs = Math.round(finishedMs - startedMs);
    const fields = {
      queue: queue.name,
      task: task.name,
      url: target.url,
      attempt: task.dispatchCount,
      ...(forced ? { forced: true } : {}),
      ...outcomeFields(outcome),
      durationMs,
    };
    recordOutcome(task, attempt, outcome, finishedMs);
    let sequel: { sequel: AttemptSequel; retryAtMs?: number };

    if (!this.#store.isLive(queue, task)) {
      sequel = { sequel: 'ignored' };
      this.#log({
        severity: 'INFO',
        message: `attempt of ${task.name} ended after the task was deleted; result ignored`,
        ...fields,
      });
    } else if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
      sequel = { sequel: 'done' };
      this.#store.removeTask(queue, task);
      this.#log({
        severity: 'INFO',
        message: `task ${task.id} dispatched: HTTP ${outcome.status} in ${durationMs} ms`,
        ...fields,
      });
    } else {
      sequel = this.#afterFailure(queue, task, outcome, finishedMs, fields);
    }
    this.#journal.finished(entry, {
      finishedMs,
      outcome: outcome.kind,
      ...(outcome.kind === 'response' ? { httpStatus: outcome.status } : {}),
      ...sequel,
    });
    this.wake();
  }

  async #settleExtra(
    delivery: Promise<AttemptOutcome>,
    about: { task: string; attempt: number; copy: number },
  ): Promise<void> {
    const outcome = await delivery;
    if (outcome.kind === 'cancelled') return;
    this.#deliveries.extraEnded(outcome);
    this.#log({
      severity: 'INFO',
      message: `duplicate delivery ${about.copy} of ${about.task} (attempt ${about.attempt}) ended; only counted`,
      ...about,
      ...outcomeFields(outcome),
    });
  }

  #afterFailure(
    queue: StoredQueue,
    task: StoredTask,
    outcome: AttemptOutcome,
    finishedMs: number,
    fields: Record<string, unknown>,
  ): Pick<JournalEntry, 'sequel' | 'retryAtMs'> & { sequel: AttemptSequel } {
    const policy = queue.settings.retryPolicy;
    const firstDispatchMs = task.firstAttempt?.dispatchTimeMs ?? finishedMs;
    if (
      retriesExhausted(policy, {
        attemptsMade: task.dispatchCount,
        msSinceFirstAttempt: finishedMs - firstDispatchMs,
      })
    ) {
      this.#store.removeTask(queue, task);
      this.#log({
        severity: 'ERROR',
        message: `task ${task.id} dropped after ${task.dispatchCount} attempts (${task.previousFailureReason})`,
        ...fields,
      });
      return { sequel: 'dropped' };
    }
    const delayMs = nextAttemptDelayMs(policy, {
      retryIndex: task.dispatchCount - 1,
      ...(outcome.kind === 'response' ? { httpStatus: outcome.status } : {}),
      ...(outcome.kind === 'response' && this.#honourRetryAfter ? { retryAfter: outcome.retryAfter } : {}),
      nowMs: finishedMs,
    });
    const retryAtMs = finishedMs + delayMs;
    this.#store.reschedule(queue, task, retryAtMs);
    this.#log({
      severity: 'WARNING',
      message: `task ${task.id} attempt ${task.dispatchCount} failed (${task.previousFailureReason}); retry in ${Math.round(delayMs)} ms`,
      ...fields,
      retryDelayMs: Math.round(delayMs),
    });
    return { sequel: 'retry', retryAtMs };
  }
}
