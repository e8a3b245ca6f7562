import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { launchStack, repoRoot } from '../dev/src/stack/launch.ts';
import {
  chunkNames,
  chunkWeight,
  gzipLevel,
  pageScripts,
  summarizeWeights,
  type ChunkWeight,
} from './js-weight.ts';
import { readSettledPage, type LcpReading } from './page-metrics.ts';
import { desktopViewport, firstPaint, phoneViewport, serveFeed } from './social-feed.ts';
import { formatTable, summarize } from './stats.ts';

/**
 * P6, the explore page (`/`) on the production build, served over the bench
 * emulators with a seeded feed, as P4b serves it: (a) the JavaScript a cold
 * visit loads, as Chromium fetched it, each file gzipped on its own and
 * summed, against a 160 KB budget; (b) its Largest Contentful Paint over cold
 * visits at a desktop and a phone viewport, against 1.5 s. Figures, not
 * pass/fail.
 */
const coldRuns = Number(process.env.BENCH_EXPLORE_RUNS ?? 10);
const kilobyte = 1024;
const jsGoalBytes = 160 * kilobyte;
const lcpGoalMs = 1500;
/** Two pages of the feed, as P4b seeds it. */
const posts = 48;

const logPath = join(repoRoot, '.phoenix', 'bench-explore.log');
mkdirSync(dirname(logPath), { recursive: true });
const log = createWriteStream(logPath);
const onLine = (name: string, line: string) => log.write(`${name} │ ${line}\n`);

process.stdout.write(`\nP6 explore page: starting Firestore and R2 on the bench ports (logs: ${logPath})…\n`);
const stack = await launchStack({ profile: 'bench', only: ['firestore', 'r2'], onLine });
Object.assign(process.env, stack.env);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(130)));
}

const kb = (bytes: number) => `${(bytes / kilobyte).toFixed(1)} KB`;
const adminApp = initializeAdminApp({ projectId: stack.projectId }, 'bench-explore-admin');
try {
  const served = await serveFeed({
    adminDb: getAdminFirestore(adminApp),
    ports: stack.ports,
    stackEnv: stack.env,
    onLine,
    posts,
  });
  const viewports = [
    { name: 'desktop', size: desktopViewport },
    { name: 'phone', size: phoneViewport },
  ];
  const visits = new Map(
    viewports.map(({ name }) => [name, { firstCards: [] as number[], lcp: [] as (LcpReading | null)[] }]),
  );
  const scriptSets = new Set<string>();
  const files = new Set<string>();
  const elsewhere = new Set<string>();
  const chromium = served.browser.version();
  try {
    for (const { name, size } of viewports) {
      const seen = visits.get(name)!;
      process.stdout.write(
        `P6: ${coldRuns} cold visits to ${served.url} in Chromium at ${size.width}×${size.height}…\n`,
      );
      // One unmeasured cold visit first: the preview server and emulator warm up on it.
      for (let index = -1; index < coldRuns; index++) {
        const context = await served.newContext(size);
        const page = await context.newPage();
        const firstCardMs = await firstPaint(page, served.url);
        const settled = await readSettledPage(page);
        await context.close();
        if (index < 0) continue;
        seen.firstCards.push(firstCardMs);
        seen.lcp.push(settled.lcp);
        const scripts = pageScripts(settled.resourceUrls, settled.origin);
        scriptSets.add(scripts.files.join(' '));
        for (const file of scripts.files) files.add(file);
        for (const url of scripts.elsewhere) elsewhere.add(url);
      }
    }
  } finally {
    await served.close();
  }

  const names = chunkNames(
    JSON.parse(readFileSync(join(served.clientDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      { file: string; name?: string }
    >,
  );
  const chunks: ChunkWeight[] = [...files].map((file) =>
    chunkWeight(file, readFileSync(join(served.clientDir, file)), names.get(file)),
  );
  const weight = summarizeWeights(chunks, 5);
  // Zod is for the forms and the server; the feed has no use for it (core keeps what the feed needs zod-free).
  const withZod = [...files].filter((file) =>
    readFileSync(join(served.clientDir, file), 'utf8').includes('ZodError'),
  );
  const ratio = (value: number, goal: number) => `${(value / goal).toFixed(2)}×`;
  const nameWidth = Math.max(...weight.top.map((chunk) => chunk.file.length));
  const rows = [];
  const lcpLines = [];
  for (const { name, size } of viewports) {
    const seen = visits.get(name)!;
    const lcp = seen.lcp.filter((reading): reading is LcpReading => reading !== null);
    const lcpSummary = summarize(
      `P6b explore LCP, cold, ${name}`,
      lcp.map((reading) => reading.startMs),
    );
    const elements = new Map<string, number>();
    for (const reading of lcp) {
      const what = `${reading.element}${reading.url ? ` ${new URL(reading.url).pathname}` : ' (text)'}`;
      elements.set(what, (elements.get(what) ?? 0) + 1);
    }
    rows.push(
      {
        ...lcpSummary,
        note: `${size.width}×${size.height}: navigation start → the last LCP entry, read after load`,
      },
      {
        ...summarize('  first feed card, same visits', seen.firstCards),
        note: 'navigation start → first card in the DOM (as P4b)',
      },
    );
    lcpLines.push(
      `P6b LCP at ${size.width}×${size.height} / the 1.5 s goal: p50 ${ratio(lcpSummary.p50, lcpGoalMs)}, p95 ${ratio(lcpSummary.p95, lcpGoalMs)}; ` +
        `the largest paint: ${[...elements].map(([what, count]) => `${what} in ${count}`).join('; ') || 'none'} of ${seen.lcp.length} visits`,
    );
  }

  const lines = [
    `P6a explore JavaScript: ${weight.files} files Chromium fetched on a cold visit, ${kb(weight.gzipBytes)} ` +
      `gzipped (gzip level ${gzipLevel}, each file on its own; ${kb(weight.bytes)} raw); ` +
      `/ the 160 KB goal: ${ratio(weight.gzipBytes, jsGoalBytes)} (1 KB = ${kilobyte} bytes)`,
    ...weight.top.map(
      (chunk) =>
        `  ${chunk.file.padEnd(nameWidth)}  ${kb(chunk.gzipBytes).padStart(9)} gz  ` +
        `${kb(chunk.bytes).padStart(9)} raw  ${chunk.name ?? ''}`,
    ),
    ...(scriptSets.size > 1
      ? [
          `  the visits did not all fetch the same scripts (${scriptSets.size} sets); the sum is of their union`,
        ]
      : []),
    ...(elsewhere.size > 0 ? [`  not counted, fetched from elsewhere: ${[...elsewhere].join(', ')}`] : []),
    `  zod on the page: ${withZod.length === 0 ? 'no' : `yes, in ${withZod.join(', ')}`}`,
    ...lcpLines,
    `  served by vite preview over ${posts} seeded posts; Chromium ${chromium}, a fresh context per visit`,
  ];
  process.stdout.write(`\n${formatTable(rows)}\n${lines.map((line) => `  ${line}\n`).join('')}\n`);
} finally {
  await deleteAdminApp(adminApp).catch(() => {});
  await stack.stop();
  log.end();
}
