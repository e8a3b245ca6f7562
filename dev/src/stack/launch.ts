import { type RunningChild, startChild } from './child.ts';
import { portIsFree, waitUntil } from './health.ts';
import { type PortLayout, type StackProfile, portsFor } from './ports.ts';
import {
  type ServiceDefinition,
  type ServiceName,
  definitions,
  demoProjectId,
  stackEnv,
} from './services.ts';
import {
  type RestartBudget,
  type StackEvent,
  type StackFailure,
  createSupervisor,
  defaultRestartBudget,
} from './supervise.ts';
import { startVerificationLinkPrinter } from './verification-links.ts';

export { callables, demoProjectId, repoRoot, stackEnv, webEnv, type ServiceName } from './services.ts';
export { StackFailure, type StackEvent } from './supervise.ts';

export interface StackOptions {
  profile: StackProfile;
  /** Which services to run. Default: all of them. */
  only?: ServiceName[];
  /** Receives every log line of every child, with its service name. */
  onLine: (service: string, line: string) => void;
  /** Called as each service passes its health check. */
  onHealthy?: (service: ServiceName, elapsedMs: number) => void;
  /** How long a service may take to answer its health check. Default 90 s. */
  healthTimeoutMs?: number;
  /** Told when a part dies after it was healthy: its restart, or the stack's failure. */
  onEvent?: (event: StackEvent) => void;
  /** Restarts of one service allowed per window before the stack fails. Default 3 per 60 s. */
  restartBudget?: RestartBudget;
  /**
   * Prints each new email verification link the Auth emulator holds, as
   * `verify <email>: <link>` through `onLine('auth', …)`, polling every 2 s.
   * Default: on for the `start` profile (`npm start`), off for tests.
   */
  verificationLinks?: boolean;
}

export interface StackEndpoint {
  service: ServiceName;
  description: string;
  url: string;
}

export interface Stack {
  ports: PortLayout;
  projectId: string;
  endpoints: StackEndpoint[];
  /** Environment that points SDKs and our own services at this stack. */
  env: Record<string, string>;
  /** The running child processes, one per service; a restarted service's new child replaces its old one. */
  children: readonly RunningChild[];
  /**
   * Resolves (never rejects) when a part died after it was healthy and could
   * not be restarted, once every other part has been stopped. Never settles
   * after a deliberate {@link Stack.stop}.
   */
  failed: Promise<StackFailure>;
  stop(): Promise<void>;
}

/**
 * Brings up the local stack as child processes and resolves once every
 * service answers its health check. Fails fast, stopping what it started,
 * when a port is taken, a prerequisite is missing or a child exits early.
 * Once up, a part that dies is restarted when it is stateless, or fails the
 * whole stack (see {@link Stack.failed}) when its state died with it.
 */
export async function launchStack(options: StackOptions): Promise<Stack> {
  const ports = portsFor(options.profile);
  const wanted = definitions(ports, options.profile).filter(
    (definition) => !options.only || options.only.includes(definition.name),
  );

  const taken: string[] = [];
  for (const definition of wanted) {
    for (const port of definition.ports) {
      if (!(await portIsFree(port))) taken.push(`${port} (${definition.name})`);
    }
  }
  if (taken.length > 0) {
    throw new Error(
      `Port${taken.length > 1 ? 's' : ''} already in use: ${taken.join(', ')}.\n` +
        'Stop whatever holds them (is another Phoenix stack running? try: lsof -i :PORT), then retry.',
    );
  }

  const startedAt = performance.now();
  // Keyed by service, so a restarted service's child takes its predecessor's place.
  const children = new Map<ServiceName, RunningChild>();
  const stopChildren = async () => {
    await Promise.all([...children.values()].map((child) => child.stop()));
  };
  const supervisor = createSupervisor({
    budget: options.restartBudget ?? defaultRestartBudget,
    onLine: options.onLine,
    onEvent: options.onEvent,
    stopAll: stopChildren,
  });
  let linkPrinter: { stop(): void } | undefined;
  const stop = async () => {
    linkPrinter?.stop();
    supervisor.stopping();
    await stopChildren();
  };
  const healthy = new Map<ServiceName, Promise<void>>();

  /** Starts the service and resolves with its child once it is healthy. */
  const start = async (definition: ServiceDefinition): Promise<RunningChild> => {
    const spec = await definition.spec();
    if (supervisor.isStopping) throw new Error(`${definition.name}: the stack is stopping`);
    const child = startChild(spec, options.onLine);
    children.set(definition.name, child);
    if (definition.healthy) {
      const earlyExit = child.exited.then((code) => `exited early (${code}); see its log lines above`);
      await waitUntil(definition.name, definition.healthy, {
        timeoutMs: options.healthTimeoutMs ?? 90_000,
        abort: earlyExit,
      });
    }
    return child;
  };

  const bringUp = async (definition: ServiceDefinition): Promise<void> => {
    await Promise.all((definition.after ?? []).map((name) => healthy.get(name)));
    if (supervisor.isStopping) return;
    const child = await start(definition);
    if (definition.healthy) options.onHealthy?.(definition.name, performance.now() - startedAt);
    supervisor.watch(definition.name, child, definition.whenDead, () => start(definition));
  };

  try {
    for (const definition of wanted) healthy.set(definition.name, bringUp(definition));
    await Promise.all(healthy.values());
  } catch (error) {
    // Stopping the children makes every other health wait end at once.
    await stop();
    await Promise.allSettled(healthy.values());
    await stop();
    throw error;
  }

  if ((options.verificationLinks ?? options.profile === 'start') && healthy.has('firebase')) {
    linkPrinter = startVerificationLinkPrinter({
      authOrigin: `http://127.0.0.1:${ports.auth}`,
      projectId: demoProjectId,
      print: (line) => options.onLine('auth', line),
    });
    void supervisor.failed.then(() => linkPrinter?.stop());
  }

  return {
    ports,
    projectId: demoProjectId,
    endpoints: wanted.map(({ name, description, url }) => ({ service: name, description, url })),
    env: stackEnv(ports),
    get children() {
      return [...children.values()];
    },
    failed: supervisor.failed,
    stop,
  };
}
