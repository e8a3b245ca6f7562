import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  /** Short name used as the log prefix. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunningChild {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs` (default 5000). */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<RunningChild>();

// Children run in their own process groups, so nothing takes them down with
// us: an exit that skipped `stop()` (an uncaught error, process.exit) kills
// them here. Signal handlers belong to the entry points, which call stop().
process.once('exit', () => {
  for (const child of running) {
    if (child.process.pid !== undefined) {
      try {
        process.kill(-child.process.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
});

/**
 * Starts a child in its own process group, so that stopping it also stops
 * whatever it spawned (java under a wrapper, the functions runtime under
 * firebase-tools). Each output line goes to `onLine` with the child's name.
 */
export function startChild(spec: ChildSpec, onLine: (name: string, line: string) => void): RunningChild {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => onLine(spec.name, line));
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      onLine(spec.name, `failed to start: ${error.message}`);
      resolve('spawn-error');
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  const handle: RunningChild = {
    name: spec.name,
    process: child,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        signalGroup('SIGKILL'); // leftovers of a group whose leader already exited
        return;
      }
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL');
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}
