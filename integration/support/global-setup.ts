import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchStack, repoRoot } from '../../dev/src/stack/launch.ts';

/**
 * Starts the stack the integration tests share (Firestore, Auth, Functions,
 * Cloud Tasks, Vertex, R2 and the image service) on the `test` port layout,
 * so a developer's running `npm start` is left alone. Tests that need a fake
 * in a special state start their own in-process on a free port. Child logs go to a file; a failed
 * start prints where.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = join(repoRoot, '.phoenix', 'test-results');
  mkdirSync(folder, { recursive: true });
  const logPath = join(folder, 'stack.log');
  const log = createWriteStream(logPath);
  const started = performance.now();
  let stack;
  try {
    stack = await launchStack({
      profile: 'test',
      only: ['firestore', 'firebase', 'cloud-tasks', 'vertex', 'r2', 'image'],
      onLine: (service, line) => log.write(`${service} │ ${line}\n`),
    });
  } catch (error) {
    throw new Error(`The test stack did not start: ${(error as Error).message}\n(child logs: ${logPath})`, {
      cause: error,
    });
  }
  console.log(`test stack up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  project.provide('stack', { projectId: stack.projectId, env: stack.env, ports: { ...stack.ports } });
  return async () => {
    await stack.stop();
    log.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      projectId: string;
      env: Record<string, string>;
      ports: Record<string, number>;
    };
  }
}
