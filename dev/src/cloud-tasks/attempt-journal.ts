/**
 * What the dispatcher did with each attempt, on its own clock: when the
 * attempt was due, sent and answered, and what followed. Tests read it to
 * check retry timing exactly (a retry's schedule time is the previous answer
 * plus the backoff, and nothing is sent before its schedule time) and to wait
 * for a task's end instead of sleeping to see that nothing more happens.
 */

/** What the dispatcher did after an attempt. */
export type AttemptSequel =
  /** A 2xx: the task is done and deleted. */
  | 'done'
  /** A failure with attempts left: rescheduled at `retryAtMs`. */
  | 'retry'
  /** A failure with no attempt left: the task is deleted. */
  | 'dropped'
  /** The task was deleted while the attempt was in flight; its result was ignored. */
  | 'ignored';

export interface JournalEntry {
  /** Full queue name. */
  queue: string;
  /** Full task name. */
  task: string;
  /** 1-based: the first attempt is 1. */
  attempt: number;
  /** Sent by RunTask, whatever the schedule said. */
  forced: boolean;
  /** Epoch ms the attempt was due (its X-CloudTasks-TaskETA). */
  scheduleTimeMs: number;
  /** Epoch ms it was sent. */
  dispatchTimeMs: number;
  /** Epoch ms it ended; absent while in flight. */
  finishedMs?: number;
  /** How it ended; absent while in flight (and for an attempt cancelled by shutdown). */
  outcome?: 'response' | 'deadline-exceeded' | 'network-error';
  /** The HTTP status, when the target answered. */
  httpStatus?: number;
  /** What followed; absent while in flight. */
  sequel?: AttemptSequel;
  /** When the retry is due, for `sequel: 'retry'`. */
  retryAtMs?: number;
}

/** Entries kept; older ones are dropped, so a long-running emulator stays small. */
const KEPT = 10_000;

export class AttemptJournal {
  readonly #entries: JournalEntry[] = [];
  readonly #listeners = new Set<() => void>();

  /** Records an attempt as it is sent; the dispatcher fills in the rest when it ends. */
  started(
    entry: Omit<JournalEntry, 'finishedMs' | 'outcome' | 'httpStatus' | 'sequel' | 'retryAtMs'>,
  ): JournalEntry {
    const recorded: JournalEntry = { ...entry };
    this.#entries.push(recorded);
    if (this.#entries.length > KEPT) this.#entries.splice(0, this.#entries.length - KEPT);
    this.#notify();
    return recorded;
  }

  /** Marks `entry` ended. */
  finished(
    entry: JournalEntry,
    ending: Pick<JournalEntry, 'finishedMs' | 'outcome' | 'httpStatus' | 'sequel' | 'retryAtMs'>,
  ): void {
    Object.assign(entry, ending);
    this.#notify();
  }

  /** Copies of the attempts so far, oldest first; of one queue or task when given. */
  entries(filter: { queue?: string; task?: string } = {}): JournalEntry[] {
    return this.#entries
      .filter(
        (entry) =>
          (!filter.queue || entry.queue === filter.queue) && (!filter.task || entry.task === filter.task),
      )
      .map((entry) => ({ ...entry }));
  }

  /**
   * Resolves with a task's attempts once one of them ended it (`done` or
   * `dropped`). After that the task no longer exists, so no attempt can follow.
   * @param timeoutMs Rejects after this long. Default 5000.
   */
  waitForEnd(task: string, timeoutMs = 5_000): Promise<JournalEntry[]> {
    return this.waitFor(
      `the end of ${task}`,
      () => {
        const attempts = this.entries({ task });
        const ended = attempts.some((entry) => entry.sequel === 'done' || entry.sequel === 'dropped');
        return ended ? attempts : undefined;
      },
      timeoutMs,
    );
  }

  /**
   * Resolves with `check`'s first defined answer, asked now and after every
   * change to the journal. @param timeoutMs Rejects after this long. Default 5000.
   */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 5_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        const answer = check();
        if (answer === undefined) return;
        done();
        resolve(answer);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
      listener();
    });
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
