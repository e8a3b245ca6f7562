import { describe, expect, it } from 'vitest';
import { AttemptJournal } from './attempt-journal.ts';

const sent = (task: string, attempt: number) => ({
  queue: 'q',
  task,
  attempt,
  forced: false,
  scheduleTimeMs: 1_000,
  dispatchTimeMs: 1_000,
});

describe('AttemptJournal', () => {
  it('resolves waitForEnd with every attempt once one ends the task, not on a retry', async () => {
    const journal = new AttemptJournal();
    const ended = journal.waitForEnd('t');
    let resolved = false;
    void ended.then(() => (resolved = true));

    const first = journal.started(sent('t', 1));
    journal.finished(first, {
      finishedMs: 1_010,
      outcome: 'response',
      httpStatus: 503,
      sequel: 'retry',
      retryAtMs: 1_060,
    });
    journal.started(sent('other', 1));
    await Promise.resolve();
    expect(resolved).toBe(false);

    const second = journal.started(sent('t', 2));
    journal.finished(second, { finishedMs: 1_070, outcome: 'response', httpStatus: 200, sequel: 'done' });
    expect((await ended).map((entry) => entry.sequel)).toEqual(['retry', 'done']);
  });

  it('hands out copies and filters by queue or task', () => {
    const journal = new AttemptJournal();
    journal.started(sent('t', 1));
    const [copy] = journal.entries({ task: 't' });
    copy!.attempt = 99;
    expect(journal.entries({ queue: 'q' })[0]!.attempt).toBe(1);
    expect(journal.entries({ queue: 'elsewhere' })).toEqual([]);
  });

  it('rejects when what it waits for does not happen in time', async () => {
    await expect(new AttemptJournal().waitForEnd('never', 10)).rejects.toThrow(/the end of never/);
  });
});
