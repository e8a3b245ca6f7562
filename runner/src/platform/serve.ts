import type { Server } from 'node:http';
import type { ConcurrencyGate } from './concurrency-gate.ts';
import type { Logger } from './log.ts';
import type { TaskAppState } from './state.ts';

/**
 * Milliseconds the work in flight may take to finish after SIGTERM. With
 * {@link abandonGraceMs} it stays under the ~10 s Cloud Run allows between
 * SIGTERM and SIGKILL.
 */
const drainTimeoutMs = 8_000;
/**
 * Milliseconds given, once the drain has timed out, to the deliveries still in
 * flight to release their leases (one Firestore write each) before the exit.
 */
const abandonGraceMs = 1_500;

export interface ServeTasksOptions {
  /** A task server (see `createTaskServer`), not yet listening. */
  server: Server;
  /** The state its app reads: readiness flips, and the abandon fires, from here. */
  state: TaskAppState;
  /** The app's gate: the drain waits for it to empty. */
  gate: ConcurrencyGate;
  port: number;
  log: Logger;
  /** The service's name in log lines: `image` logs "image service listening". */
  name: string;
}

/**
 * Listens on `port` and owns the process's end: on SIGTERM it stops taking
 * work, lets what is in flight finish, and exits; work still running after
 * {@link drainTimeoutMs} is abandoned so its leases are released.
 */
export function serveTasks(options: ServeTasksOptions): void {
  const { server, state, gate, port, log, name } = options;
  server.listen(port, () =>
    log({ severity: 'INFO', message: `${name} service listening`, port, concurrency: gate.limit }),
  );

  process.once('SIGTERM', () => {
    // /readyz turns 503 and new tasks get 503 + Retry-After; requests in flight finish.
    state.accepting = false;
    log({ severity: 'INFO', message: 'SIGTERM: draining requests in flight', inFlight: gate.inFlight });
    server.close();
    server.closeIdleConnections();
    let timedOut = false;
    const forced = setTimeout(() => {
      timedOut = true;
      void abandonAndExit(state, gate, log);
    }, drainTimeoutMs);
    forced.unref();
    void gate.idle().then(() => {
      // Once abandoned, an idle gate is the abandon's to report.
      if (timedOut) return;
      clearTimeout(forced);
      log({ severity: 'INFO', message: 'drained; exiting' });
      process.exit(0);
    });
  });
}

/**
 * The drain ran out of time: tell the deliveries in flight to give up and
 * release their leases, so the jobs' next deliveries need not wait the lease
 * out; exit once they have, or after {@link abandonGraceMs} regardless.
 */
async function abandonAndExit(state: TaskAppState, gate: ConcurrencyGate, log: Logger): Promise<void> {
  log({
    severity: 'WARNING',
    message: 'drain timed out; abandoning the work in flight',
    inFlight: gate.inFlight,
  });
  state.abandon.abort(new Error('the instance is shutting down'));
  const released = await Promise.race([
    gate.idle().then(() => true),
    new Promise<false>((resolve) => setTimeout(resolve, abandonGraceMs, false)),
  ]);
  log({
    severity: 'WARNING',
    message: released
      ? 'abandoned work released; exiting'
      : 'abandoned work did not release in time; exiting',
    inFlight: gate.inFlight,
  });
  process.exit(1);
}
