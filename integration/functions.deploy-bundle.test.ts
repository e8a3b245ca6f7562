import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../dev/src/stack/launch.ts';
import { uniquePrefix } from './support/stack.ts';

const run = promisify(execFile);

// What firebase.json's predeploy builds and Cloud Build installs: one ES module
// with core inlined, and a manifest naming only packages that are on npm.
describe('functions deploy bundle', () => {
  // Inside the repo, so the runtime dependencies resolve from its node_modules as they would after install.
  const outDir = join(repoRoot, '.phoenix', uniquePrefix('functions-bundle'));
  const script = join(repoRoot, 'functions', 'scripts', 'bundle-for-deploy.ts');

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('builds, names only npm packages, inlines core, and loads with every callable exported', async () => {
    const settings = {
      IMAGE_SERVICE_URL: 'https://phoenix-image-abc.a.run.app',
      VIDEO_WORKER_URL: 'https://phoenix-video-abc.a.run.app',
      TASKS_INVOKER_EMAIL: 'tasks-invoker@phoenix.iam.gserviceaccount.com',
      TASKS_LOCATION: 'us-central1',
      PHOENIX_ENFORCE_APP_CHECK: 'true',
    };
    await run(process.execPath, [script, '--out', outDir, '--require-env'], {
      cwd: repoRoot,
      env: { ...process.env, ...settings },
    });

    const manifest = JSON.parse(readFileSync(join(outDir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ type: 'module', main: 'index.js', engines: { node: '24' } });
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@google-cloud/tasks',
      'firebase-admin',
      'firebase-functions',
    ]);
    for (const version of Object.values(manifest.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);

    const bundle = readFileSync(join(outDir, 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/from ["']@phoenix\/core["']/);
    expect(bundle).not.toMatch(/from ["']zod["']/);
    expect(readFileSync(join(outDir, '.env'), 'utf8')).toBe(
      Object.entries(settings)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );

    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(join(outDir, 'index.js'))})).sort()))`,
      ],
      { cwd: repoRoot, env: { ...process.env, GCLOUD_PROJECT: 'phoenix-bundle-check' } },
    );
    expect(JSON.parse(stdout)).toEqual([
      'cancelJob',
      'checkBudgetSchedule',
      'claimUsername',
      'createImageJob',
      'createVideoJob',
      'discardVideo',
      'ensureAccount',
      'findUser',
      'getServiceMaxInstances',
      'getSpendSummary',
      'grantTokens',
      'jobQueuePosition',
      'markNotificationsRead',
      'ping',
      'publishVideo',
      'reportPost',
      'rollUpAnalytics',
      'rollUpOps',
      'setLike',
      'setOwnPostHidden',
      'setPostHidden',
      'setServiceMaxInstances',
      'sweepOverdueJobs',
      'updateLimits',
      'updateModel',
      'updateProfile',
    ]);
  });

  it('refuses a deploy build that lacks a setting the functions need, naming it', async () => {
    const missingDir = `${outDir}-missing`;
    const failure = await run(process.execPath, [script, '--out', missingDir, '--require-env'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        IMAGE_SERVICE_URL: 'https://x.a.run.app',
        VIDEO_WORKER_URL: 'https://y.a.run.app',
        TASKS_LOCATION: 'us-central1',
        PHOENIX_ENFORCE_APP_CHECK: 'true',
        TASKS_INVOKER_EMAIL: '',
      },
    }).then(
      () => undefined,
      (error: { stderr: string; code: number }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/set TASKS_INVOKER_EMAIL \(/);
    expect(existsSync(missingDir)).toBe(false);
  });
});
