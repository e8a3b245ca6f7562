import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  imageDispatchDeadlineSeconds,
  imageQueue,
  imageService,
  imageServiceTimeoutSeconds,
  videoQueue,
  videoWorker,
  videoWorkerTimeoutSeconds,
} from '@phoenix/core';
import { readImageServiceConfig } from '../../../runner/src/image/config.ts';
import { readVideoWorkerConfig } from '../../../runner/src/video/config.ts';
import { repoRoot } from './launch.ts';

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

interface BuildStep {
  id: string;
  args: string[];
  env?: string[];
}

const build = parse(read('cloudbuild.yaml')) as { steps: BuildStep[] };
const stepIds = build.steps.map((step) => step.id);
const step = (id: string) => build.steps.find((candidate) => candidate.id === id);
const script = (id: string) => step(id)?.args.join(' ') ?? '';

/** The number a `--name=` flag sets, written with exactly `unit` after it (NaN when absent or in another unit). */
const flagNumber = (text: string, name: string, unit = '') =>
  Number(new RegExp(`(?:^|\\s)--${name}=(\\d+(?:\\.\\d+)?)${unit}(?![\\w.])`).exec(text)?.[1]);

/** A queue step's settings, in the shape of core's queue constants. */
const queueSettings = (text: string) => ({
  maxAttempts: flagNumber(text, 'max-attempts'),
  minBackoffSeconds: flagNumber(text, 'min-backoff', 's'),
  maxBackoffSeconds: flagNumber(text, 'max-backoff', 's'),
  maxDoublings: flagNumber(text, 'max-doublings'),
  maxConcurrentDispatches: flagNumber(text, 'max-concurrent-dispatches'),
  maxDispatchesPerSecond: flagNumber(text, 'max-dispatches-per-second'),
});

/** A `gcloud run deploy` script's `--set-env-vars`, by name. */
const envVars = (text: string): Record<string, string> =>
  Object.fromEntries(
    (/--set-env-vars=(.*?) \\$/m.exec(text)?.[1] ?? '').split(',').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

const r2Secrets =
  '--set-secrets=R2_ACCESS_KEY_ID=r2-access-key-id:latest,R2_SECRET_ACCESS_KEY=r2-secret-access-key:latest';

/** What the service sees at start: the deploy's env vars and secrets, each with a placeholder value. */
const startEnv = (deploy: string) =>
  Object.fromEntries(
    [
      ...Object.keys(envVars(deploy)),
      ...[...deploy.matchAll(/[,=](R2_\w+)=[\w-]+:latest/g)].map((match) => match[1]),
    ].map((name) => [name, 'https://deployed.example']),
  );

/** The tag a container step builds is the one pushed and the one deployed. */
function expectBuiltPushedDeployed(container: string, push: string, deploy: string, target: string) {
  const args = step(container)?.args ?? [];
  expect(args).toEqual(expect.arrayContaining(['runner/Dockerfile', `--target=${target}`]));
  const tag = args[args.indexOf('-t') + 1];
  expect(step(push)?.args).toEqual(['push', tag]);
  expect(script(deploy)).toContain(`--image=${tag} `);
}

describe('cloudbuild.yaml: image service', () => {
  const deploy = script('image-service-deploy');

  it("deploys the image service with core's imageService sizing, secrets from Secret Manager", () => {
    expect(deploy).toMatch(/gcloud run deploy \$\{_IMAGE_SERVICE\}/);
    expect(flagNumber(deploy, 'concurrency')).toBe(imageService.concurrency);
    expect(flagNumber(deploy, 'max-instances')).toBe(imageService.maxInstances);
    expect(flagNumber(deploy, 'cpu')).toBe(imageService.cpus);
    expect(flagNumber(deploy, 'memory', 'Gi')).toBe(1);
    for (const flag of [
      '--no-allow-unauthenticated',
      'IMAGE_SERVICE_URL=$$(cat image-service-url)',
      r2Secrets,
    ]) {
      expect(deploy).toContain(flag);
    }
    expect(() => readImageServiceConfig(startEnv(deploy))).not.toThrow();
  });

  it("cuts requests at core's derived timeout, which is the tasks' dispatch deadline", () => {
    expect(flagNumber(deploy, 'timeout')).toBe(imageServiceTimeoutSeconds);
    expect(imageServiceTimeoutSeconds).toBeLessThanOrEqual(imageDispatchDeadlineSeconds);
    expect(imageQueue.dispatchDeadlineSeconds).toBe(imageDispatchDeadlineSeconds);
  });

  it('builds the image target of the runner Dockerfile, pushes it and deploys that tag', () => {
    expectBuiltPushedDeployed(
      'image-service-container',
      'image-service-push',
      'image-service-deploy',
      'image',
    );
    expect(read('runner/Dockerfile')).toMatch(/^FROM node:24-slim AS build$/m);
  });
});

describe('cloudbuild.yaml: video worker', () => {
  const deploy = script('video-worker-deploy');

  it("deploys the video worker with core's videoWorker sizing and timeout", () => {
    expect(deploy).toMatch(/gcloud run deploy \$\{_VIDEO_SERVICE\}/);
    expect({
      concurrency: flagNumber(deploy, 'concurrency'),
      maxInstances: flagNumber(deploy, 'max-instances'),
      minInstances: flagNumber(deploy, 'min-instances'),
      cpu: flagNumber(deploy, 'cpu'),
      memoryGiB: flagNumber(deploy, 'memory', 'Gi'),
    }).toEqual(videoWorker);
    expect(flagNumber(deploy, 'timeout')).toBe(videoWorkerTimeoutSeconds);
    expect(videoWorkerTimeoutSeconds).toBeLessThanOrEqual(videoQueue.dispatchDeadlineSeconds);
  });

  it('lets only Cloud Tasks in, runs as its own account, and sets everything the worker reads at start', () => {
    expect(deploy).toContain('--no-allow-unauthenticated');
    expect(deploy).toContain('--service-account=${_VIDEO_SERVICE_ACCOUNT} ');
    expect(deploy).toContain(r2Secrets);
    expect(envVars(deploy)).toMatchObject({
      SERVICE: 'video',
      VIDEO_WORKER_URL: '$$(cat video-worker-url)',
      TASKS_LOCATION: '${_REGION}',
      TASKS_INVOKER_EMAIL: '${_TASKS_INVOKER_SERVICE_ACCOUNT}',
    });
    expect(() => readVideoWorkerConfig(startEnv(deploy))).not.toThrow();
    expect(script('video-worker-invoker')).toMatch(
      /add-iam-policy-binding \$\{_VIDEO_SERVICE\} .*--member=serviceAccount:\$\{_TASKS_INVOKER_SERVICE_ACCOUNT\} --role=roles\/run\.invoker/,
    );
  });

  it('builds the video target, the only one with ffmpeg, and the image target stays the default', () => {
    expectBuiltPushedDeployed('video-worker-container', 'video-worker-push', 'video-worker-deploy', 'video');
    // Each stage's instructions, comments dropped, from its FROM line on.
    const stages = read('runner/Dockerfile')
      .replace(/^#.*\n/gm, '')
      .split(/^(?=FROM )/m)
      .filter((stage) => stage.startsWith('FROM '));
    const video = stages.find((stage) => stage.includes(' AS video\n'));
    expect(video).toMatch(/apt-get install [^\n]*\bffmpeg\b/);
    expect(video).toMatch(/^ENV SERVICE=video$/m);
    expect(stages.filter((stage) => /\bffmpeg\b/.test(stage))).toEqual([video]);
    expect(stages.at(-1)).toMatch(/ AS image\n[^]*^ENV SERVICE=image$/m);
  });

  it("computes the worker's URL the way it does the image service's", () => {
    expect(script('video-worker-url')).toBe(
      script('image-service-url')
        .replaceAll('_IMAGE_SERVICE', '_VIDEO_SERVICE')
        .replace(/image-service-url$/, 'video-worker-url'),
    );
  });
});

describe('cloudbuild.yaml: queues and functions', () => {
  it("configures the images queue with core's imageQueue numbers", () => {
    const queue = script('images-queue');
    expect(queue).toMatch(/gcloud tasks queues update images /);
    expect(queue).toMatch(/gcloud tasks queues create images /);
    const { name: _name, dispatchDeadlineSeconds: _perTask, ...settings } = imageQueue;
    expect(queueSettings(queue)).toEqual(settings);
  });

  it("configures the videos queue with every setting of core's videoQueue (the deadline is per task)", () => {
    const queue = script('videos-queue');
    for (const verb of ['describe', 'update', 'create']) {
      expect(queue).toContain(`gcloud tasks queues ${verb} ${videoQueue.name} `);
    }
    const { name: _name, dispatchDeadlineSeconds: _perTask, ...settings } = videoQueue;
    expect(queueSettings(queue)).toEqual(settings);
  });

  it('deploys the functions after both services and their queues, with where they enqueue to', () => {
    for (const before of ['image-service-url', 'images-queue', 'video-worker-url', 'videos-queue']) {
      expect(stepIds.indexOf('functions-deploy')).toBeGreaterThan(stepIds.indexOf(before));
    }
    const deploy = script('functions-deploy');
    expect(deploy).toMatch(/IMAGE_SERVICE_URL="\$\$\(cat image-service-url\)"/);
    expect(deploy).toMatch(/VIDEO_WORKER_URL="\$\$\(cat video-worker-url\)"/);
    expect(deploy).toMatch(/firebase deploy --only functions /);
    expect(step('functions-deploy')?.env?.sort()).toEqual([
      'PHOENIX_ENFORCE_APP_CHECK=true',
      'TASKS_INVOKER_EMAIL=${_TASKS_INVOKER_SERVICE_ACCOUNT}',
      'TASKS_LOCATION=${_REGION}',
    ]);
  });

  it("writes every setting the functions deploy is given into the functions' .env", () => {
    const given = [
      ...(step('functions-deploy')?.env ?? []).map((entry) => entry.split('=')[0]),
      ...[...script('functions-deploy').matchAll(/\b([A-Z_]+)="\$\$\(/g)].map((match) => match[1]),
    ];
    const bundler = read('functions/scripts/bundle-for-deploy.ts');
    const written = /const deploySettings = \[([^\]]*)\]/.exec(bundler)?.[1] ?? '';
    expect(given.filter((name) => !written.includes(`'${name}'`))).toEqual([]);
  });

  it('lets only the tasks invoker call the image service', () => {
    expect(script('image-service-invoker')).toMatch(
      /add-iam-policy-binding \$\{_IMAGE_SERVICE\} .*--member=serviceAccount:\$\{_TASKS_INVOKER_SERVICE_ACCOUNT\} --role=roles\/run\.invoker/,
    );
  });
});

describe('firebase.json', () => {
  const firebase = JSON.parse(read('firebase.json'));

  it('runs functions on Node 24 and loads the rules and indexes files', () => {
    expect(firebase.functions[0].runtime).toBe('nodejs24');
    expect(firebase.firestore).toEqual({ rules: 'firestore.rules', indexes: 'firestore.indexes.json' });
  });

  it('deploys the functions bundle, which its predeploy builds with the deploy settings required', () => {
    const [functions] = firebase.functions;
    expect(functions.source).toBe('functions/dist');
    expect(functions.predeploy).toEqual(['npm run build:deploy -w @phoenix/functions -- --require-env']);
    const scripts = JSON.parse(read('functions/package.json')).scripts;
    expect(scripts['build:deploy']).toMatch(/node scripts\/bundle-for-deploy\.ts$/);
    // The bundle folder is generated: never committed.
    expect(read('.gitignore')).toMatch(/^dist\/$/m);
  });

  it('indexes the my-jobs query (one kind at a time), the sweeper’s and queue position’s, the queue board’s recent starts, the New and Top feeds (hidden ==, then createdAt or likeCount) and the profile’s posts, and nothing Firestore indexes by itself', () => {
    expect(JSON.parse(read('firestore.indexes.json'))).toEqual({
      indexes: [
        {
          collectionGroup: 'jobs',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'uid', order: 'ASCENDING' },
            { fieldPath: 'kind', order: 'ASCENDING' },
            { fieldPath: 'createdAt', order: 'DESCENDING' },
          ],
        },
        {
          collectionGroup: 'jobs',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'kind', order: 'ASCENDING' },
            { fieldPath: 'status', order: 'ASCENDING' },
            { fieldPath: 'createdAt', order: 'ASCENDING' },
          ],
        },
        {
          collectionGroup: 'posts',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'hidden', order: 'ASCENDING' },
            { fieldPath: 'createdAt', order: 'DESCENDING' },
          ],
        },
        {
          collectionGroup: 'posts',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'hidden', order: 'ASCENDING' },
            { fieldPath: 'likeCount', order: 'DESCENDING' },
            { fieldPath: 'createdAt', order: 'DESCENDING' },
          ],
        },
        {
          collectionGroup: 'posts',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'ownerUid', order: 'ASCENDING' },
            { fieldPath: 'hidden', order: 'ASCENDING' },
            { fieldPath: 'createdAt', order: 'DESCENDING' },
          ],
        },
        {
          collectionGroup: 'posts',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'ownerUid', order: 'ASCENDING' },
            { fieldPath: 'createdAt', order: 'DESCENDING' },
          ],
        },
        {
          collectionGroup: 'jobs',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'kind', order: 'ASCENDING' },
            { fieldPath: 'startedAt', order: 'ASCENDING' },
          ],
        },
      ],
      fieldOverrides: [],
    });
  });

  it('keeps the emulator UI off (its download is not reachable) and every emulator on loopback', () => {
    expect(firebase.emulators.ui).toEqual({ enabled: false });
    for (const [name, emulator] of Object.entries(firebase.emulators)) {
      if (typeof emulator === 'object' && emulator && 'host' in emulator) {
        expect(emulator.host, name).toBe('127.0.0.1');
      }
    }
  });

  it('serves the static web build with a SPA fallback', () => {
    expect(firebase.hosting.public).toBe('web/build');
    expect(firebase.hosting.rewrites).toEqual([{ source: '**', destination: '/200.html' }]);
  });
});
