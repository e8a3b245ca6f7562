import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchStack, repoRoot } from '../../dev/src/stack/launch.ts';

/**
 * Starts the emulators the integration tests share (Firestore, Auth, Functions)
 * on the `test` port layout, so a developer's running `npm start` is left
 * alone. Our own fakes (Cloud Tasks, Vertex, R2) are started in-process by the
 * tests that use them, each on a free port. Child logs go to a file; a failed
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
      only: ['firestore', 'firebase'],
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
