import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './launch.ts';

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

interface BuildStep {
  id: string;
  args: string[];
}

describe('cloudbuild.yaml', () => {
  const build = parse(read('cloudbuild.yaml')) as { steps: BuildStep[] };
  const deploy = build.steps.find((step) => step.id === 'image-service-deploy');

  it('deploys the image service with the seed design settings', () => {
    expect(deploy?.args).toEqual(
      expect.arrayContaining([
        'run',
        'deploy',
        '--concurrency=8',
        '--max-instances=100',
        '--cpu=1',
        '--memory=1Gi',
        '--no-allow-unauthenticated',
      ]),
    );
  });

  it('builds the container from the runner Dockerfile on a node:24-slim base', () => {
    expect(build.steps.find((step) => step.id === 'image-service-container')?.args).toContain(
      'runner/Dockerfile',
    );
    expect(read('runner/Dockerfile')).toMatch(/^FROM node:24-slim AS build$/m);
  });
});

describe('firebase.json', () => {
  const firebase = JSON.parse(read('firebase.json'));

  it('runs functions on Node 24 and loads the rules and indexes files', () => {
    expect(firebase.functions[0].runtime).toBe('nodejs24');
    expect(firebase.firestore).toEqual({ rules: 'firestore.rules', indexes: 'firestore.indexes.json' });
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
