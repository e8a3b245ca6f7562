import type { RunningChild } from './child.ts';

/**
 * What the stack does when a part exits after it was healthy: `restart` it,
 * as Cloud Run starts a new instance of a service that died, or `fail`, for
 * an emulator whose state dies with it, so nothing runs on without it.
 */
export type WhenDead = { then: 'restart' } | { then: 'fail'; because: string };

/** What supervision saw; for callers (and tests) that wait on it. */
export type StackEvent =
  | { type: 'restarting'; service: string; exitCode: number | string }
  | { type: 'restarted'; service: string }
  | { type: 'failed'; service: string; reason: string };

/** How many restarts a service gets in a window before the stack gives up on it. */
export interface RestartBudget {
  /** Restarts allowed within `windowMs`. Default 3. */
  restarts: number;
  /** Milliseconds. Default 60 000. */
  windowMs: number;
}

export const defaultRestartBudget: RestartBudget = { restarts: 3, windowMs: 60_000 };

/** A part died and could not, or could no longer, be restarted; the rest of the stack was stopped. */
export class StackFailure extends Error {
  /** The part that died. */
  readonly service: string;

  constructor(service: string, message: string) {
    super(message);
    this.name = 'StackFailure';
    this.service = service;
  }
}

export interface SupervisorOptions {
  budget: RestartBudget;
  /** One line per decision, under the name `stack`. */
  onLine: (service: string, line: string) => void;
  onEvent?: ((event: StackEvent) => void) | undefined;
  /** Stops every part; called once, on the first failure. */
  stopAll: () => Promise<void>;
}

export interface Supervisor {
  /**
   * Watches a part that is healthy. When it exits, `restart` must start it
   * again and resolve with the new child once that is healthy.
   */
  watch(service: string, child: RunningChild, whenDead: WhenDead, restart: () => Promise<RunningChild>): void;
  /** A deliberate stop: exits from now on are expected, not deaths. */
  stopping(): void;
  readonly isStopping: boolean;
  /** Resolves (never rejects) once a part died for good and the rest was stopped. */
  readonly failed: Promise<StackFailure>;
}

export function createSupervisor(options: SupervisorOptions): Supervisor {
  let stopping = false;
  let resolveFailed!: (failure: StackFailure) => void;
  const failed = new Promise<StackFailure>((resolve) => (resolveFailed = resolve));
  /** Per service, when (performance.now ms) each restart began. */
  const restarts = new Map<string, number[]>();
  const say = (line: string) => options.onLine('stack', line);

  const fail = (failure: StackFailure): void => {
    if (stopping) return;
    stopping = true;
    say(failure.message);
    options.onEvent?.({ type: 'failed', service: failure.service, reason: failure.message });
    void options.stopAll().finally(() => resolveFailed(failure));
  };

  const supervisor: Supervisor = {
    watch(service, child, whenDead, restart) {
      void child.exited.then((code) => {
        if (stopping) return;
        const died = `${service} exited (code ${code}) after being healthy`;
        if (whenDead.then === 'fail') {
          fail(
            new StackFailure(service, `${died}; ${whenDead.because}, so the stack cannot go on without it`),
          );
          return;
        }
        const now = performance.now();
        const recent = (restarts.get(service) ?? []).filter((at) => now - at < options.budget.windowMs);
        if (recent.length >= options.budget.restarts) {
          const window = Math.round(options.budget.windowMs / 1000);
          fail(new StackFailure(service, `${died} ${recent.length + 1} times within ${window} s; giving up`));
          return;
        }
        restarts.set(service, [...recent, now]);
        say(`${died}; restarting as Cloud Run would`);
        options.onEvent?.({ type: 'restarting', service, exitCode: code });
        restart().then(
          (next) => {
            if (stopping) return;
            say(`${service} healthy again`);
            options.onEvent?.({ type: 'restarted', service });
            supervisor.watch(service, next, whenDead, restart);
          },
          (error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            fail(new StackFailure(service, `${service} could not be restarted: ${reason}`));
          },
        );
      });
    },
    stopping() {
      stopping = true;
    },
    get isStopping() {
      return stopping;
    },
    failed,
  };
  return supervisor;
}
