import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchStack, repoRoot } from '../../dev/src/stack/launch.ts';

/**
 * Runs the whole local stack on the `test` ports (the web build is served by
 * Playwright's webServer), so the browser tests drive the real pipeline: Auth and Functions emulators,
 * Firestore, Cloud Tasks, the image service, Vertex fake and R2. Child logs go
 * to a file; a failed start says where.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const folder = join(repoRoot, '.phoenix', 'test-results');
  mkdirSync(folder, { recursive: true });
  const logPath = join(folder, 'e2e-stack.log');
  const log = createWriteStream(logPath);
  try {
    const stack = await launchStack({
      profile: 'test',
      only: ['firestore', 'firebase', 'cloud-tasks', 'vertex', 'r2', 'image'],
      onLine: (service, line) => log.write(`${service} │ ${line}\n`),
    });
    return async () => {
      await stack.stop();
      log.end();
    };
  } catch (error) {
    log.end();
    throw new Error(`The e2e stack did not start: ${(error as Error).message}\n(child logs: ${logPath})`, {
      cause: error,
    });
  }
}
