/**
 * `npm run test:faults`: the whole local stack (its own ports), a mixed
 * workload per scenario (images and videos, several users, a double-clicked
 * request, a duplicate delivery), one fault injected per scenario, then every
 * promise checked from the database and R2. Prints a table; exits 1 when any
 * invariant broke.
 *
 *   node faults/main.ts [--only <text>[,<text>…]] [--seed <n>]
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { createR2Client } from '../runner/src/storage/r2-client.ts';
import { launchStack, repoRoot } from '../dev/src/stack/launch.ts';
import { checkInvariants } from './invariants.ts';
import { scenarios, type Scenario, type ScenarioContext } from './scenarios.ts';
import { readSnapshot, spendTotals } from './snapshot.ts';
import { startWorkload, waitForJobsToEnd } from './workload.ts';

const { values } = parseArgs({
  options: { only: { type: 'string' }, seed: { type: 'string' } },
});
const seed = Number(values.seed ?? process.env['FAULTS_SEED'] ?? Date.now() % 100_000);
const jobEndTimeoutMs = 240_000;

const logPath = join(repoRoot, '.phoenix', 'faults-stack.log');
mkdirSync(dirname(logPath), { recursive: true });
const stackLog = createWriteStream(logPath);
process.stdout.write(`fault suite, seed ${seed}: starting the stack on its own ports (logs: ${logPath})…\n`);
const stack = await launchStack({
  profile: 'faults',
  only: [
    'firestore',
    'firebase',
    'functions-build',
    'cloud-tasks',
    'run-admin',
    'vertex',
    'r2',
    'image',
    'video',
  ],
  onLine: (service, line) => stackLog.write(`${service} │ ${line}\n`),
  onEvent: (event) => stackLog.write(`supervisor │ ${JSON.stringify(event)}\n`),
  // Killing parts is the point here: let the supervisor restart them as often as the suite does.
  restartBudget: { restarts: 20, windowMs: 60_000 },
});
const env = stack.env;
Object.assign(process.env, env);
const admin = initializeApp({ projectId: stack.projectId }, 'faults');
const db = getFirestore(admin);
const s3 = createR2Client({
  endpoint: env['R2_ENDPOINT']!,
  accessKeyId: env['R2_ACCESS_KEY_ID']!,
  secretAccessKey: env['R2_SECRET_ACCESS_KEY']!,
  forcePathStyle: true,
});

interface Row {
  scenario: string;
  jobs: number;
  faults: number;
  held: string;
  seconds: number;
}
const rows: Row[] = [];
let failed = false;

async function run(scenario: Scenario): Promise<void> {
  const startedAt = performance.now();
  process.stdout.write(`\n▶ ${scenario.name}\n`);
  const spendBefore = await spendTotals(db);
  let uids: string[] = [];
  let jobIds: string[] = [];
  const context: ScenarioContext = { stack, db, env, jobIds: () => jobIds, uids: () => uids };
  const checks: string[] = [];
  let faults = 0;
  if (scenario.workload) {
    const made = await scenario.workload(context);
    ({ uids, jobIds } = made);
    checks.push(...made.checks);
    faults += made.faults;
  } else {
    await scenario.before?.(context);
    const workload = await startWorkload(`faults-${rows.length}`, scenario.shape, env);
    ({ uids, jobIds } = workload);
    faults += workload.duplicateDeliveries;
    faults += (await scenario.during?.(context)) ?? 0;
    await waitForJobsToEnd(db, jobIds, jobEndTimeoutMs);
    faults += (await scenario.after?.(context)) ?? 0;
    await workload.close();
  }
  if (scenario.workload) await waitForJobsToEnd(db, jobIds, jobEndTimeoutMs);
  const snapshot = await readSnapshot({
    db,
    s3,
    bucket: env['R2_BUCKET']!,
    publicBaseUrl: env['R2_PUBLIC_BASE_URL']!,
    uids,
    spendBefore,
  });
  const report = checkInvariants(snapshot);
  const results = [
    ...report.results,
    { name: 'scenario checks', held: checks.length === 0, problems: checks },
  ];
  const broken = results.filter((result) => !result.held);
  for (const result of results) {
    process.stdout.write(`  ${result.held ? '✓' : '✗'} ${result.name}\n`);
    for (const problem of result.problems.slice(0, 10)) process.stdout.write(`      ${problem}\n`);
  }
  if (report.orphans.length > 0) {
    process.stdout.write(`  orphans for cleanup (${report.orphans.length}):\n`);
    for (const key of report.orphans.slice(0, 20)) process.stdout.write(`      ${key}\n`);
  }
  const statuses = Map.groupBy(snapshot.jobs, ({ job }) => job.status);
  process.stdout.write(
    `  jobs: ${[...statuses].map(([status, jobs]) => `${jobs.length} ${status}`).join(', ')}\n`,
  );
  failed ||= broken.length > 0;
  rows.push({
    scenario: scenario.name,
    jobs: jobIds.length,
    faults,
    held: `${results.length - broken.length}/${results.length}`,
    seconds: Math.round((performance.now() - startedAt) / 1000),
  });
}

const wanted =
  values.only
    ?.toLowerCase()
    .split(',')
    .map((text) => text.trim()) ?? [];
try {
  for (const scenario of scenarios(seed)) {
    if (wanted.length > 0 && !wanted.some((text) => scenario.name.toLowerCase().includes(text))) continue;
    await run(scenario).catch((error: unknown) => {
      // A scenario that could not run to its checks proves nothing: it fails the suite.
      failed = true;
      process.stdout.write(`  ✗ the scenario itself failed: ${String(error)}\n`);
      rows.push({ scenario: scenario.name, jobs: 0, faults: 0, held: 'did not run', seconds: 0 });
    });
  }
} finally {
  await deleteApp(admin);
  await stack.stop();
}

const header = ['scenario', 'jobs', 'faults injected', 'invariants held', 's'];
const lines = rows.map((row) => [
  row.scenario,
  String(row.jobs),
  String(row.faults),
  row.held,
  String(row.seconds),
]);
const widths = header.map((title, column) =>
  Math.max(title.length, ...lines.map((line) => line[column]!.length)),
);
const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
process.stdout.write(`\n${format(header)}\n${widths.map((width) => '─'.repeat(width)).join('  ')}\n`);
for (const line of lines) process.stdout.write(`${format(line)}\n`);
process.stdout.write(`\nseed ${seed}; ${failed ? 'an invariant broke' : 'every invariant held'}\n`);
process.exit(failed ? 1 : 0);
