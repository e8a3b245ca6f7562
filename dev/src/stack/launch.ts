import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import { type ChildSpec, type RunningChild, startChild } from './child.ts';
import { firebaseEmulatorsSpec } from './firebase-emulators.ts';
import { checkJava, findFirestoreJar, firestoreEmulatorSpec } from './firestore-emulator.ts';
import { answers, portIsFree, waitUntil } from './health.ts';
import { type PortLayout, type StackProfile, portsFor } from './ports.ts';
import { configureQueues } from './queues.ts';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
export const demoProjectId = 'demo-phoenix';
const region = 'us-central1';
/** How long one emulator worker may take to load the functions; the emulator itself gives up at 30 s. */
const callableColdStartMs = 45_000;

/** The callables `functions/src/index.ts` exports. */
export const callables = ['ping', 'ensureAccount', 'createImageJob', 'cancelJob', 'jobQueuePosition'];

export type ServiceName =
  'firestore' | 'firebase' | 'cloud-tasks' | 'vertex' | 'r2' | 'image' | 'web' | 'functions-build';

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
  /** The running child processes, one per service. */
  children: readonly RunningChild[];
  stop(): Promise<void>;
}

interface ServiceDefinition {
  name: ServiceName;
  description: string;
  url: string;
  /** Ports that must be free before start. */
  ports: number[];
  spec(): Promise<ChildSpec>;
  /** Undefined: nothing to wait for. */
  healthy?: () => Promise<boolean>;
  /** Services that must be healthy first. */
  after?: ServiceName[];
}

const node = process.execPath;
const run = promisify(execFile);

function nodeScript(
  name: ServiceName,
  script: string,
  args: string[],
  env: Record<string, string>,
): ChildSpec {
  return {
    name,
    command: node,
    args: [join(repoRoot, script), ...args],
    cwd: repoRoot,
    env: { ...process.env, ...env },
  };
}

export function stackEnv(ports: PortLayout): Record<string, string> {
  const host = '127.0.0.1';
  return {
    GCLOUD_PROJECT: demoProjectId,
    FIRESTORE_EMULATOR_HOST: `${host}:${ports.firestore}`,
    FIREBASE_AUTH_EMULATOR_HOST: `${host}:${ports.auth}`,
    FUNCTIONS_EMULATOR_ORIGIN: `http://${host}:${ports.functions}`,
    CLOUD_TASKS_EMULATOR_HOST: `${host}:${ports.cloudTasks}`,
    // Inside the Functions emulator, firebase-tools sets CLOUD_TASKS_EMULATOR_HOST to its own
    // task-queue emulator, so the functions read the stack's under this name.
    PHOENIX_TASKS_EMULATOR_HOST: `${host}:${ports.cloudTasks}`,
    CLOUD_TASKS_OIDC_CERTS_URL: `http://${host}:${ports.cloudTasksCerts}/oauth2/v1/certs`,
    GOOGLE_VERTEX_BASE_URL: `http://${host}:${ports.vertex}`,
    R2_ENDPOINT: `http://${host}:${ports.r2}`,
    R2_BUCKET: 'phoenix-media',
    R2_PUBLIC_BASE_URL: `http://${host}:${ports.r2}/phoenix-media/`,
    // s3rver accepts only these credentials; real R2 keys come from the secret manager.
    R2_ACCESS_KEY_ID: 'S3RVER',
    R2_SECRET_ACCESS_KEY: 'S3RVER',
    IMAGE_SERVICE_URL: `http://${host}:${ports.image}`,
    TASKS_LOCATION: 'us-central1',
    TASKS_INVOKER_EMAIL: `tasks-invoker@${demoProjectId}.iam.gserviceaccount.com`,
    VERTEX_LOCATION: 'us-central1',
    // The Vertex fake wants a bearer token, any will do; production uses ADC.
    VERTEX_ACCESS_TOKEN: 'local',
    METADATA_SERVER_DETECTION: 'none',
  };
}

/** The web app's build-time settings that point it at this stack's emulators. */
export function webEnv(ports: PortLayout): Record<string, string> {
  return {
    VITE_FIREBASE_PROJECT_ID: demoProjectId,
    VITE_EMULATOR_AUTH: `127.0.0.1:${ports.auth}`,
    VITE_EMULATOR_FIRESTORE: `127.0.0.1:${ports.firestore}`,
    VITE_EMULATOR_FUNCTIONS: `127.0.0.1:${ports.functions}`,
  };
}

function definitions(ports: PortLayout, profile: StackProfile): ServiceDefinition[] {
  const env = stackEnv(ports);
  const local = (port: number, path = '') => `http://127.0.0.1:${port}${path}`;
  return [
    {
      name: 'firestore',
      description: 'Cloud Firestore emulator (rules loaded)',
      url: local(ports.firestore),
      ports: [ports.firestore],
      async spec() {
        await checkJava();
        const jar = await findFirestoreJar();
        return firestoreEmulatorSpec({
          jar,
          port: ports.firestore,
          projectId: demoProjectId,
          rulesPath: join(repoRoot, 'firestore.rules'),
        });
      },
      healthy: () => answers(local(ports.firestore)),
    },
    {
      name: 'functions-build',
      description: 'tsc --watch for functions (the emulator reloads on change)',
      url: 'watching functions/src',
      ports: [],
      after: ['firebase'],
      async spec() {
        return {
          name: 'functions-build',
          command: node,
          args: [
            join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
            '-b',
            '-w',
            '--preserveWatchOutput',
            'functions',
          ],
          cwd: repoRoot,
        };
      },
    },
    {
      name: 'firebase',
      description: 'Firebase Auth + Functions emulators',
      url: `${local(ports.auth)} (auth), ${local(ports.functions)} (functions)`,
      ports: [
        ports.auth,
        ports.functions,
        ports.firebaseHub,
        ports.firebaseLogging,
        ports.firebaseEventarc,
        ports.firebaseTasks,
      ],
      after: ['firestore'],
      async spec() {
        // The emulator loads functions/lib; build it (a no-op when up to date) before it looks.
        await run(node, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'functions'], {
          cwd: repoRoot,
        });
        const base = JSON.parse(readFileSync(join(repoRoot, 'firebase.json'), 'utf8'));
        return firebaseEmulatorsSpec({
          root: repoRoot,
          base,
          ports,
          projectId: demoProjectId,
          profile,
          stackEnv: env,
        });
      },
      // A callable answers 401 to an anonymous call only once the functions are loaded. Asking
      // every one also starts its emulator worker, so no user waits for a cold start. Each ask
      // waits out that cold start: asking again while a worker is still starting makes the
      // emulator start another, and on a busy machine such a storm of workers never settles.
      healthy: async () => {
        if (!(await answers(local(ports.auth)))) return false;
        const loaded = await Promise.all(
          callables.map((name) =>
            answers(
              local(ports.functions, `/${demoProjectId}/${region}/${name}`),
              { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data":{}}' },
              (status) => status === 401,
              callableColdStartMs,
            ),
          ),
        );
        return loaded.every(Boolean);
      },
    },
    {
      name: 'cloud-tasks',
      description: 'Cloud Tasks emulator (gRPC); OIDC certs over HTTP',
      url: `127.0.0.1:${ports.cloudTasks} (gRPC), ${env.CLOUD_TASKS_OIDC_CERTS_URL}`,
      ports: [ports.cloudTasks, ports.cloudTasksCerts],
      spec: async () =>
        nodeScript(
          'cloud-tasks',
          'dev/src/cloud-tasks/main.ts',
          [
            '--grpc-port',
            String(ports.cloudTasks),
            '--http-port',
            String(ports.cloudTasksCerts),
            '--project',
            demoProjectId,
            // The queues the functions enqueue to; the product configures their limits.
            '--queue',
            'images,videos',
          ],
          env,
        ),
      healthy: () => answers(local(ports.cloudTasksCerts, '/healthz')),
    },
    {
      name: 'vertex',
      description: 'Vertex AI fake (Imagen, Gemini image, Veo)',
      url: local(ports.vertex),
      ports: [ports.vertex],
      spec: async () => nodeScript('vertex', 'dev/src/vertex/main.ts', ['--port', String(ports.vertex)], env),
      healthy: () => answers(local(ports.vertex, '/healthz')),
    },
    {
      name: 'r2',
      description: 'R2 (s3rver); public objects under the base URL',
      url: `${env.R2_ENDPOINT} (S3 API), ${env.R2_PUBLIC_BASE_URL} (public)`,
      ports: [ports.r2],
      spec: async () => nodeScript('r2', 'dev/src/r2/main.ts', ['--port', String(ports.r2)], env),
      healthy: () => answers(env.R2_PUBLIC_BASE_URL ?? ''),
    },
    {
      name: 'image',
      description: 'Image service (Cloud Run), POST /tasks/image',
      url: local(ports.image),
      ports: [ports.image],
      after: ['firestore', 'cloud-tasks', 'vertex', 'r2'],
      async spec() {
        await configureQueues(env.CLOUD_TASKS_EMULATOR_HOST!, demoProjectId, region);
        return nodeScript('image', 'runner/src/image/index.ts', [], {
          ...env,
          PORT: String(ports.image),
          OIDC_CERTS_URL: env.CLOUD_TASKS_OIDC_CERTS_URL!,
        });
      },
      healthy: () => answers(local(ports.image, '/healthz')),
    },
    {
      name: 'web',
      description: 'Phoenix web app (Vite dev server)',
      url: local(ports.web),
      ports: [ports.web],
      async spec() {
        return {
          name: 'web',
          command: node,
          args: [
            join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
            'dev',
            '--host',
            '127.0.0.1',
            '--port',
            String(ports.web),
            '--strictPort',
          ],
          cwd: join(repoRoot, 'web'),
          env: { ...process.env, ...webEnv(ports) },
        };
      },
      healthy: () => answers(local(ports.web)),
    },
  ];
}

/**
 * Brings up the local stack as child processes and resolves once every
 * service answers its health check. Fails fast, stopping what it started,
 * when a port is taken, a prerequisite is missing or a child exits early.
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
  const children: RunningChild[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
  };
  const healthy = new Map<ServiceName, Promise<void>>();
  let failed = false;

  const bringUp = async (definition: ServiceDefinition): Promise<void> => {
    await Promise.all((definition.after ?? []).map((name) => healthy.get(name)));
    if (failed) return;
    const child = startChild(await definition.spec(), options.onLine);
    children.push(child);
    if (!definition.healthy) return;
    const earlyExit = child.exited.then((code) => `exited early (${code}); see its log lines above`);
    await waitUntil(definition.name, definition.healthy, {
      timeoutMs: options.healthTimeoutMs ?? 90_000,
      abort: earlyExit,
    });
    options.onHealthy?.(definition.name, performance.now() - startedAt);
  };

  try {
    for (const definition of wanted) healthy.set(definition.name, bringUp(definition));
    await Promise.all(healthy.values());
  } catch (error) {
    // Stopping the children makes every other health wait end at once.
    failed = true;
    await stop();
    await Promise.allSettled(healthy.values());
    await stop();
    throw error;
  }

  return {
    ports,
    projectId: demoProjectId,
    endpoints: wanted.map(({ name, description, url }) => ({ service: name, description, url })),
    env: stackEnv(ports),
    children,
    stop,
  };
}
