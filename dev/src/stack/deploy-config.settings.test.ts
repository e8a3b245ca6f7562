import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { imageDispatchDeadlineSeconds, imageQueue, imageServiceTimeoutSeconds } from '@phoenix/core';
import { repoRoot } from './launch.ts';

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

interface BuildStep {
  id: string;
  args: string[];
  env?: string[];
}

describe('cloudbuild.yaml', () => {
  const build = parse(read('cloudbuild.yaml')) as { steps: BuildStep[] };
  const deploy = build.steps.find((step) => step.id === 'image-service-deploy');

  it('deploys the image service with the seed design settings, secrets from Secret Manager', () => {
    const script = deploy?.args.join(' ') ?? '';
    expect(script).toMatch(/gcloud run deploy \$\{_IMAGE_SERVICE\}/);
    for (const flag of [
      '--concurrency=8',
      '--max-instances=100',
      '--cpu=1',
      '--memory=1Gi',
      '--no-allow-unauthenticated',
      'IMAGE_SERVICE_URL=$$(cat image-service-url)',
      '--set-secrets=R2_ACCESS_KEY_ID=r2-access-key-id:latest,R2_SECRET_ACCESS_KEY=r2-secret-access-key:latest',
    ]) {
      expect(script).toContain(flag);
    }
  });

  it("cuts requests at core's derived timeout, which is the tasks' dispatch deadline", () => {
    const script = deploy?.args.join(' ') ?? '';
    expect(Number(/--timeout=(\d+)\b/.exec(script)?.[1])).toBe(imageServiceTimeoutSeconds);
    expect(imageServiceTimeoutSeconds).toBeLessThanOrEqual(imageDispatchDeadlineSeconds);
    expect(imageQueue.dispatchDeadlineSeconds).toBe(imageDispatchDeadlineSeconds);
  });

  it('builds the container from the runner Dockerfile on a node:24-slim base', () => {
    expect(build.steps.find((step) => step.id === 'image-service-container')?.args).toContain(
      'runner/Dockerfile',
    );
    expect(read('runner/Dockerfile')).toMatch(/^FROM node:24-slim AS build$/m);
  });
});

describe('cloudbuild.yaml: queue and functions', () => {
  const build = parse(read('cloudbuild.yaml')) as { steps: BuildStep[] };
  const stepIds = build.steps.map((step) => step.id);
  const script = (id: string) => build.steps.find((step) => step.id === id)?.args.join(' ') ?? '';

  it("configures the images queue with core's imageQueue numbers", () => {
    const queue = script('images-queue');
    const flag = (name: string) => new RegExp(`--${name}=(\\d+)s?\\b`).exec(queue)?.[1];
    expect(queue).toMatch(/gcloud tasks queues update images /);
    expect(queue).toMatch(/gcloud tasks queues create images /);
    expect({
      maxAttempts: Number(flag('max-attempts')),
      minBackoffSeconds: Number(flag('min-backoff')),
      maxBackoffSeconds: Number(flag('max-backoff')),
      maxDoublings: Number(flag('max-doublings')),
      maxConcurrentDispatches: Number(flag('max-concurrent-dispatches')),
      maxDispatchesPerSecond: Number(flag('max-dispatches-per-second')),
    }).toEqual({
      maxAttempts: imageQueue.maxAttempts,
      minBackoffSeconds: imageQueue.minBackoffSeconds,
      maxBackoffSeconds: imageQueue.maxBackoffSeconds,
      maxDoublings: imageQueue.maxDoublings,
      maxConcurrentDispatches: imageQueue.maxConcurrentDispatches,
      maxDispatchesPerSecond: imageQueue.maxDispatchesPerSecond,
    });
  });

  it('deploys the functions after the image service and its queue, with what they enqueue to', () => {
    expect(stepIds.indexOf('functions-deploy')).toBeGreaterThan(stepIds.indexOf('images-queue'));
    expect(stepIds.indexOf('functions-deploy')).toBeGreaterThan(stepIds.indexOf('image-service-url'));
    expect(script('functions-deploy')).toMatch(/IMAGE_SERVICE_URL="\$\$\(cat image-service-url\)"/);
    expect(script('functions-deploy')).toMatch(/firebase deploy --only functions /);
    const env = build.steps.find((step) => step.id === 'functions-deploy')?.env ?? [];
    expect(env.map((entry) => entry.split('=')[0]).sort()).toEqual(['TASKS_INVOKER_EMAIL', 'TASKS_LOCATION']);
  });

  it('lets only the tasks invoker call the image service', () => {
    expect(script('image-service-invoker')).toMatch(
      /add-iam-policy-binding .*--member=serviceAccount:\$\{_TASKS_INVOKER_SERVICE_ACCOUNT\} --role=roles\/run\.invoker/,
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

  it('indexes the my-jobs query, the sweeper’s and queue position’s, the New and Top feeds (hidden ==, then createdAt or likeCount) and the profile’s posts, and nothing Firestore indexes by itself', () => {
    expect(JSON.parse(read('firestore.indexes.json'))).toEqual({
      indexes: [
        {
          collectionGroup: 'jobs',
          queryScope: 'COLLECTION',
          fields: [
            { fieldPath: 'uid', order: 'ASCENDING' },
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
