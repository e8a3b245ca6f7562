import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import type { ChildSpec } from './child.ts';
import { firebaseEmulatorsSpec } from './firebase-emulators.ts';
import { checkJava, findFirestoreJar, firestoreEmulatorSpec } from './firestore-emulator.ts';
import { answers } from './health.ts';
import type { PortLayout, StackProfile } from './ports.ts';
import { configureQueues } from './queues.ts';
import { runAdminDefinition } from './run-admin-service.ts';
import type { WhenDead } from './supervise.ts';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
export const demoProjectId = 'demo-phoenix';
const region = 'us-central1';
/** How long one emulator worker may take to load the functions; the emulator itself gives up at 30 s. */
const callableColdStartMs = 45_000;

/** The callables `functions/src/index.ts` exports that users call: warmed up before the stack is healthy. */
export const callables = [
  'ping',
  'ensureAccount',
  'createImageJob',
  'createVideoJob',
  'publishVideo',
  'discardVideo',
  'cancelJob',
  'jobQueuePosition',
  'setLike',
  'claimUsername',
  'updateProfile',
  'reportPost',
  'markNotificationsRead',
  'setOwnPostHidden',
];

/**
 * The admin callables, which the stack leaves cold: each emulator worker
 * costs about a second of CPU to start, and only an admin waits for these.
 */
export const adminCallables = [
  'updateLimits',
  'updateModel',
  'getSpendSummary',
  'grantTokens',
  'findUser',
  'setPostHidden',
  'setServiceMaxInstances',
  'getServiceMaxInstances',
];

export type ServiceName =
  | 'firestore'
  | 'firebase'
  | 'cloud-tasks'
  | 'run-admin'
  | 'vertex'
  | 'r2'
  | 'image'
  | 'video'
  | 'web'
  | 'functions-build';

/** One part of the stack: how to start it, check it, and what to do when it dies. */
export interface ServiceDefinition {
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
  /** When it exits after it was healthy. */
  whenDead: WhenDead;
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
    // The functions lower and restore Cloud Run max instances through the Run Admin fake.
    PHOENIX_RUN_ADMIN_EMULATOR_HOST: `${host}:${ports.runAdmin}`,
    CLOUD_TASKS_OIDC_CERTS_URL: `http://${host}:${ports.cloudTasksCerts}/oauth2/v1/certs`,
    GOOGLE_VERTEX_BASE_URL: `http://${host}:${ports.vertex}`,
    R2_ENDPOINT: `http://${host}:${ports.r2}`,
    R2_BUCKET: 'phoenix-media',
    R2_PUBLIC_BASE_URL: `http://${host}:${ports.r2}/phoenix-media/`,
    // s3rver accepts only these credentials; real R2 keys come from the secret manager.
    R2_ACCESS_KEY_ID: 'S3RVER',
    R2_SECRET_ACCESS_KEY: 'S3RVER',
    IMAGE_SERVICE_URL: `http://${host}:${ports.image}`,
    VIDEO_WORKER_URL: `http://${host}:${ports.video}`,
    TASKS_LOCATION: 'us-central1',
    TASKS_INVOKER_EMAIL: `tasks-invoker@${demoProjectId}.iam.gserviceaccount.com`,
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

export function definitions(ports: PortLayout, profile: StackProfile): ServiceDefinition[] {
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
      whenDead: { then: 'fail', because: 'its documents lived only in its memory' },
    },
    {
      name: 'functions-build',
      description: 'tsc --watch for functions (the emulator reloads on change)',
      url: 'watching functions/src',
      ports: [],
      after: ['firebase'],
      // A watcher with nothing of its own: a new one rebuilds what changed.
      whenDead: { then: 'restart' },
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
      whenDead: { then: 'fail', because: 'its users and sessions lived only in its memory' },
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
      whenDead: { then: 'fail', because: 'its queues and pending tasks lived only in its memory' },
    },
    runAdminDefinition({ port: ports.runAdmin, projectId: demoProjectId, region, env, nodeScript }),
    {
      name: 'vertex',
      description: 'Vertex AI fake (Imagen, Gemini image, Veo)',
      url: local(ports.vertex),
      ports: [ports.vertex],
      spec: async () => nodeScript('vertex', 'dev/src/vertex/main.ts', ['--port', String(ports.vertex)], env),
      healthy: () => answers(local(ports.vertex, '/healthz')),
      // Stands in for an API that is always there; each image call is on its own, so a new
      // fake answers the next call. Only a Veo operation in flight would be lost.
      whenDead: { then: 'restart' },
    },
    {
      name: 'r2',
      description: 'R2 (s3rver); public objects under the base URL',
      url: `${env.R2_ENDPOINT} (S3 API), ${env.R2_PUBLIC_BASE_URL} (public)`,
      ports: [ports.r2],
      spec: async () => nodeScript('r2', 'dev/src/r2/main.ts', ['--port', String(ports.r2)], env),
      healthy: () => answers(env.R2_PUBLIC_BASE_URL ?? ''),
      // Each start stores in a new temporary folder: a restarted fake would have lost every image.
      whenDead: { then: 'fail', because: 'the media it stored were in a folder of its own' },
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
      // Stateless, like every Cloud Run service: its jobs live in Firestore, its tasks in the queue.
      whenDead: { then: 'restart' },
    },
    {
      name: 'video',
      description: 'Video worker (Cloud Run), POST /tasks/video',
      url: local(ports.video),
      ports: [ports.video],
      after: ['firestore', 'cloud-tasks', 'vertex', 'r2'],
      async spec() {
        await configureQueues(env.CLOUD_TASKS_EMULATOR_HOST!, demoProjectId, region);
        return nodeScript('video', 'runner/src/video/index.ts', [], {
          ...env,
          PORT: String(ports.video),
          OIDC_CERTS_URL: env.CLOUD_TASKS_OIDC_CERTS_URL!,
          // Browser tests watch a draft move through its phases; a poll every few seconds keeps
          // them short. `npm start` and the benchmarks poll on production's timing.
          VIDEO_POLL_DELAY_PERCENT: profile === 'test' ? '20' : '100',
        });
      },
      healthy: () => answers(local(ports.video, '/healthz')),
      // Stateless: each job's operation name lives in Firestore, its next poll in the queue.
      whenDead: { then: 'restart' },
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
      // A dev server holds nothing; open pages reconnect to the new one.
      whenDead: { then: 'restart' },
    },
  ];
}
