import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { limitsFrom, paths, type Limits } from '@phoenix/core';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { endpointsFromEnv, type PhoenixClient } from '../dev/src/seed/phoenix-client.ts';
import { launchStack, repoRoot, stackEnv } from '../dev/src/stack/launch.ts';
import { portsFor } from '../dev/src/stack/ports.ts';
import { updateLimitsFor } from '../functions/src/admin/limits.ts';
import { parseLoadArgs, type LoadOptions } from './load/args.ts';
import { runRate, type LoadWorld } from './load/drive.ts';
import { nonLocalEndpoints } from './load/endpoints.ts';
import { formatGrowth, formatRate } from './load/format.ts';
import { LikeTargets } from './load/like-targets.ts';
import { defaultMix } from './load/mix.ts';
import { LikeObserver } from './load/observer.ts';
import { call, grantTokens, makeSeedPosts, signInAdmin, signInUsers } from './load/population.ts';
import { growth, thresholds, type RateReport } from './load/report.ts';
import { renderHistogramsSvg } from './load/svg.ts';

/**
 * The load test: the whole local stack on the bench ports, driven at fixed
 * arrival rates (open loop) with a mix of feed visitors, likes and unlikes,
 * image and video generations and admin reads, each through the web SDK as
 * the app calls it. Prints HDR-style latency summaries and error rates per
 * rate, and how they grow with the rate; writes a JSON report and an SVG of
 * the histograms under .phoenix/load/. Figures, not pass/fail.
 */
let options: LoadOptions;
try {
  options = parseLoadArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}

const refuseUnlessLocal = (env: Record<string, string | undefined>) => {
  const elsewhere = nonLocalEndpoints(env);
  if (elsewhere.length === 0) return;
  process.stderr.write(`refusing to run: these do not point at 127.0.0.1:\n  ${elsewhere.join('\n  ')}\n`);
  process.exit(2);
};
refuseUnlessLocal(stackEnv(portsFor('bench')));

/** The per-user limits the run needs: every user starts dozens of jobs within the hour. */
const raisedLimits: Pick<Limits, 'rateLimitPerHour' | 'inFlightPerUser' | 'perUserDailyTokens'> = {
  rateLimitPerHour: 10_000,
  inFlightPerUser: 100,
  perUserDailyTokens: 1_000_000,
};
/** Each user's top-up from the admin: far more than the run spends (4 tokens an image job, 12 a video). */
const grantPerUser = 2_000;
/** Sign-ups, the seed posts and the stack's own start, on a busy 2-core machine. */
const setupBudgetMs = 15 * 60_000;

const outputDir = join(repoRoot, '.phoenix', 'load');
mkdirSync(outputDir, { recursive: true });
const logPath = join(outputDir, 'stack.log');
const stackLog = createWriteStream(logPath);
process.stdout.write(`starting the stack on the bench ports (logs: ${logPath})…\n`);
const stack = await launchStack({
  profile: 'bench',
  only: ['firestore', 'firebase', 'cloud-tasks', 'run-admin', 'vertex', 'r2', 'image', 'video'],
  onLine: (service, line) => stackLog.write(`${service} │ ${line}\n`),
});
refuseUnlessLocal(stack.env);
Object.assign(process.env, stack.env);
const wallBudgetMs =
  setupBudgetMs + options.rates.length * (options.durationSeconds + options.drainSeconds + 30) * 1000;
const watchdog = setTimeout(() => {
  process.stderr.write(`the load test passed its wall-time bound of ${wallBudgetMs / 1000} s; stopping\n`);
  void stack.stop().then(() => process.exit(1));
}, wallBudgetMs);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(130)));
}

const endpoints = endpointsFromEnv(stack.env);
const adminApp = initializeAdminApp({ projectId: stack.projectId }, 'load-admin-sdk');
const adminDb = getAdminFirestore(adminApp);
const clients: PhoenixClient[] = [];
let observer: LikeObserver | undefined;
let exitCode = 0;
const before = limitsFrom((await adminDb.doc(paths.limits()).get()).data() as Partial<Limits> | undefined);
try {
  await updateLimitsFor({ db: adminDb }, raisedLimits);
  process.stdout.write(
    `limits raised for the run: ${JSON.stringify(raisedLimits)} (restored afterwards)\n` +
      `signing in ${options.users} users and an admin…\n`,
  );
  const admin = await signInAdmin(endpoints);
  clients.push(admin);
  const users = await signInUsers(endpoints, options.users);
  clients.push(...users.map((user) => user.client));
  await grantTokens(admin, users, grantPerUser);
  // Starts the admin reads' emulator workers, which the stack leaves cold.
  await call(admin, 'getSpendSummary', {});
  await call(admin, 'findUser', { query: users[0]!.email });
  process.stdout.write(`making the seed posts (${options.seedJobs} image jobs of 4)…\n`);
  const posts = await makeSeedPosts(users[0]!, options.seedJobs);
  observer = await LikeObserver.attach(endpoints, posts);
  const world: LoadWorld = { endpoints, users, admin, observer, targets: new LikeTargets(posts) };
  process.stdout.write(`${posts.length} seed posts; mix per 100 arrivals: ${JSON.stringify(defaultMix)}\n`);

  const reports: RateReport[] = [];
  for (const [index, rate] of options.rates.entries()) {
    process.stdout.write(
      `\nrate ${rate}/s: ${options.durationSeconds} s of arrivals, then up to ${options.drainSeconds} s to drain…\n`,
    );
    const report = await runRate(world, {
      rate,
      durationSeconds: options.durationSeconds,
      drainSeconds: options.drainSeconds,
      seed: options.seed * 1_000 + index,
    });
    reports.push(report);
    process.stdout.write(`${formatRate(report)}\n`);
    for (const mark of report.marks) process.stdout.write(`  ${mark}\n`);
  }
  if (reports.length > 1)
    process.stdout.write(`\nhow latency grows with the rate\n${formatGrowth(reports)}\n`);
  if (world.targets.retiredCount > 0)
    process.stdout.write(
      `seed posts taken out of the likes after a failed like: ${world.targets.retiredCount}\n`,
    );

  const reportPath = join(outputDir, 'report.json');
  const svgPath = join(outputDir, 'histograms.svg');
  writeFileSync(
    reportPath,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        options,
        mix: defaultMix,
        thresholds,
        limits: { raised: raisedLimits, restoredTo: before },
        seedPosts: posts.length,
        rates: reports,
        growth: growth(reports),
      },
      (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
      2,
    )}\n`,
  );
  writeFileSync(svgPath, renderHistogramsSvg(reports));
  process.stdout.write(`\nreport: ${reportPath}\nchart:  ${svgPath}\n`);
} catch (error) {
  process.stderr.write(`load test failed: ${(error as Error).stack ?? String(error)}\n`);
  exitCode = 1;
} finally {
  await updateLimitsFor(
    { db: adminDb },
    {
      rateLimitPerHour: before.rateLimitPerHour,
      inFlightPerUser: before.inFlightPerUser,
      perUserDailyTokens: before.perUserDailyTokens,
    },
  ).catch((error: unknown) => process.stderr.write(`could not restore the limits: ${String(error)}\n`));
  await observer?.close().catch(() => {});
  await Promise.allSettled(clients.map((client) => client.close()));
  await deleteAdminApp(adminApp).catch(() => {});
  await stack.stop();
  stackLog.end();
  clearTimeout(watchdog);
}
process.exit(exitCode);
