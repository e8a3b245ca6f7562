import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchStack, repoRoot } from '../../dev/src/stack/launch.ts';

/**
 * Starts the stack the integration tests share (Firestore, Auth, Functions,
 * Cloud Tasks, the Cloud Run Admin fake, Vertex, R2 and the image service) on the `test` port layout,
 * so a developer's running `npm start` is left alone. Tests that need a fake
 * in a special state start their own in-process on a free port. Child logs go to a file; a failed
 * start prints where. A stateless service that dies is restarted; a part that dies for good
 * cancels the run and fails it.
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
      only: ['firestore', 'firebase', 'cloud-tasks', 'run-admin', 'vertex', 'r2', 'image'],
      onLine: (service, line) => log.write(`${service} │ ${line}\n`),
    });
  } catch (error) {
    throw new Error(`The test stack did not start: ${(error as Error).message}\n(child logs: ${logPath})`, {
      cause: error,
    });
  }
  console.log(`test stack up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // A part that died for good (an emulator, or a service past its restarts) leaves
  // every later test talking to nothing: end the run, and fail it at teardown.
  let failure: Error | undefined;
  void stack.failed.then((died) => {
    failure = died;
    console.error(`\nThe test stack failed: ${died.message}\n(child logs: ${logPath})\n`);
    void project.vitest.cancelCurrentRun('test-failure');
  });
  project.provide('stack', { projectId: stack.projectId, env: stack.env, ports: { ...stack.ports } });
  return async () => {
    await stack.stop();
    log.end();
    if (failure)
      throw new Error(`The test stack failed during the run: ${failure.message}`, { cause: failure });
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
