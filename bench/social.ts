import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { launchStack, repoRoot } from '../dev/src/stack/launch.ts';
import { benchFeedFirstPaint } from './social-feed.ts';
import { benchLikesUnderListeners, type BenchPart } from './social-likes.ts';
import { clearFirestore } from './social-posts.ts';
import { formatTable } from './stats.ts';

/**
 * P4, social: (a) 50 web-SDK listeners on one post while 200 users like it at
 * once, and (b) the explore feed's first paint in Chromium, cold and on a
 * repeat visit served by Firestore's persistent cache. Each beside a floor
 * measured in the same run. Figures, not pass/fail; the exactness of the
 * final like count is printed as a fact.
 */
const logPath = join(repoRoot, '.phoenix', 'bench-social.log');
mkdirSync(dirname(logPath), { recursive: true });
const log = createWriteStream(logPath);
const onLine = (name: string, line: string) => log.write(`${name} │ ${line}\n`);

process.stdout.write(`\nP4 social: starting Firestore and R2 on the bench ports (logs: ${logPath})…\n`);
const stack = await launchStack({ profile: 'bench', only: ['firestore', 'r2'], onLine });
Object.assign(process.env, stack.env);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(130)));
}

const print = (title: string, part: BenchPart) =>
  process.stdout.write(
    `\n${title}\n${formatTable(part.rows)}\n${part.lines.map((line) => `  ${line}\n`).join('')}`,
  );

const adminApp = initializeAdminApp({ projectId: stack.projectId }, 'bench-social-admin');
try {
  const adminDb = getAdminFirestore(adminApp);
  process.stdout.write('P4a: 50 web-SDK listeners on one post, 200 users like it at once…\n');
  print(
    'P4a likes under listeners',
    await benchLikesUnderListeners({
      adminDb,
      projectId: stack.projectId,
      firestorePort: stack.ports.firestore,
      listeners: Number(process.env.BENCH_SOCIAL_LISTENERS ?? 50),
      likers: Number(process.env.BENCH_SOCIAL_LIKERS ?? 200),
    }),
  );

  await clearFirestore(stack.env.FIRESTORE_EMULATOR_HOST ?? '', stack.projectId);
  process.stdout.write('\nP4b: explore feed first paint in Chromium…\n');
  print(
    'P4b feed first paint',
    await benchFeedFirstPaint({
      adminDb,
      ports: stack.ports,
      stackEnv: stack.env,
      onLine,
      coldRuns: Number(process.env.BENCH_SOCIAL_PAINT_RUNS ?? 10),
      repeatRuns: Number(process.env.BENCH_SOCIAL_PAINT_RUNS ?? 10),
    }),
  );
  process.stdout.write('\n');
} finally {
  await deleteAdminApp(adminApp).catch(() => {});
  await stack.stop();
  log.end();
}
