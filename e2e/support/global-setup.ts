import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { endpointsFromEnv, PhoenixClient } from '../../dev/src/seed/phoenix-client.ts';
import { launchStack, repoRoot } from '../../dev/src/stack/launch.ts';

/**
 * Runs the whole local stack on the `test` ports (the web build is served by
 * Playwright's webServer), so the browser tests drive the real pipeline: Auth and Functions emulators,
 * Firestore, Cloud Tasks, the image service, the video worker, Vertex fake and R2. Child logs go
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
      only: ['firestore', 'firebase', 'cloud-tasks', 'run-admin', 'vertex', 'r2', 'image', 'video'],
      onLine: (service, line) => log.write(`${service} │ ${line}\n`),
    });
    await warmListens(stack.env);
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

/**
 * One user through sign-up, `ensureAccount` and a listen under the rules,
 * as seeding does for `npm start`. On a fresh Firestore emulator the first
 * such listen from a browser could stall for good, leaving the first test's
 * balance "loading"; once one has gone round, browsers' listens behave.
 */
async function warmListens(env: Record<string, string>): Promise<void> {
  const client = PhoenixClient.connect(endpointsFromEnv(env), 'e2e-warm-up');
  try {
    await client.signIn(`warm-up-${randomUUID().slice(0, 8)}@example.com`, 'warm-up-password');
    await client.ensureAccount();
    await client.followMyJobs();
  } finally {
    await client.close();
  }
}
