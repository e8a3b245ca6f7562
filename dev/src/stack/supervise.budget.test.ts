import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RunningChild } from './child.ts';
import { type StackEvent, createSupervisor } from './supervise.ts';

/** A child whose exit the test decides. */
function fakeChild(name: string): RunningChild & { die(code: number | string): void } {
  let die!: (code: number | string) => void;
  const exited = new Promise<number | string>((resolve) => (die = resolve));
  return { name, process: {} as ChildProcess, exited, stop: async () => {}, die };
}

function setup(budget = { restarts: 2, windowMs: 60_000 }) {
  const events: StackEvent[] = [];
  const lines: string[] = [];
  let stops = 0;
  const waiters: Array<() => boolean> = [];
  const notify = () => {
    for (const waiter of [...waiters]) if (waiter()) waiters.splice(waiters.indexOf(waiter), 1);
  };
  const supervisor = createSupervisor({
    budget,
    onLine: (_service, line) => lines.push(line),
    onEvent: (event) => {
      events.push(event);
      notify();
    },
    stopAll: async () => {
      stops += 1;
    },
  });
  /** Resolves once `count` events of `type` have been seen in all. */
  const seen = (type: StackEvent['type'], count: number) =>
    new Promise<void>((resolve) => {
      waiters.push(() => events.filter((event) => event.type === type).length >= count && (resolve(), true));
      notify();
    });
  return { supervisor, events, lines, stops: () => stops, seen };
}

describe('stack supervision', () => {
  it('restarts a restartable part until its budget is spent, then fails the stack once', async () => {
    const { supervisor, events, lines, stops, seen } = setup();
    const children = [fakeChild('image')];
    const restart = async () => {
      const child = fakeChild('image');
      children.push(child);
      return child;
    };
    supervisor.watch('image', children[0]!, { then: 'restart' }, restart);
    for (const round of [1, 2]) {
      const restarted = seen('restarted', round);
      children.at(-1)!.die(137);
      await restarted;
    }
    children.at(-1)!.die(137);
    const failure = await supervisor.failed;
    expect(failure.message).toBe(
      'image exited (code 137) after being healthy 3 times within 60 s; giving up',
    );
    expect(events.map((event) => event.type)).toEqual([
      'restarting',
      'restarted',
      'restarting',
      'restarted',
      'failed',
    ]);
    expect(lines[0]).toBe('image exited (code 137) after being healthy; restarting as Cloud Run would');
    expect(lines[1]).toBe('image healthy again');
    expect(stops()).toBe(1);
  });

  it('fails at once, naming why, for a part that cannot be restarted', async () => {
    const { supervisor, events, stops } = setup();
    const firestore = fakeChild('firestore');
    supervisor.watch(
      'firestore',
      firestore,
      { then: 'fail', because: 'its documents lived only in its memory' },
      () => Promise.reject(new Error('must not restart')),
    );
    firestore.die('SIGKILL');
    const failure = await supervisor.failed;
    expect(failure.service).toBe('firestore');
    expect(failure.message).toBe(
      'firestore exited (code SIGKILL) after being healthy; its documents lived only in its memory, so the stack cannot go on without it',
    );
    expect(events).toHaveLength(1);
    expect(stops()).toBe(1);
  });

  it('fails the stack when a restarted part does not come back healthy', async () => {
    const { supervisor } = setup();
    const vertex = fakeChild('vertex');
    supervisor.watch('vertex', vertex, { then: 'restart' }, () =>
      Promise.reject(new Error('vertex: exited early (1)')),
    );
    vertex.die(1);
    expect((await supervisor.failed).message).toBe('vertex could not be restarted: vertex: exited early (1)');
  });

  it('counts no exit after a deliberate stop as a death', async () => {
    const { supervisor, events, stops } = setup();
    const image = fakeChild('image');
    const firestore = fakeChild('firestore');
    supervisor.watch('image', image, { then: 'restart' }, async () => fakeChild('image'));
    supervisor.watch('firestore', firestore, { then: 'fail', because: 'state' }, async () => fakeChild('x'));
    supervisor.stopping();
    image.die('SIGTERM');
    firestore.die('SIGTERM');
    // Both exits have been seen once every exited promise's handlers ran.
    await Promise.all([image.exited, firestore.exited]);
    expect(events).toEqual([]);
    expect(stops()).toBe(0);
  });
});
