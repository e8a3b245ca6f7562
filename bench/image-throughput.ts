import { createWriteStream, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import {
  STARTING_GRANT_TOKENS,
  collections,
  imageQueue,
  imageService,
  isTerminal,
  quoteImageJob,
  type ImageJobDoc,
  type ImageRequest,
} from '@phoenix/core';
import { createCloudTasksClient } from '@phoenix/server';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { createLocalTasksClient } from '../dev/src/cloud-tasks/client.ts';
import { launchStack, repoRoot } from '../dev/src/stack/launch.ts';
import { ensureAccountFor } from '../functions/src/accounts.ts';
import { updateLimitsFor } from '../functions/src/admin/limits.ts';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { createImageTaskEnqueuer, imageTaskTargetFromEnv } from '../functions/src/task-queue.ts';
import { steadyThroughput } from './drain-throughput.ts';
import { cpuSecondsByGroup } from './process-cpu.ts';
import { withoutJsonLogLines } from './quiet-logs.ts';
import { formatTable, measure, summarize, type Summary } from './stats.ts';

/**
 * P3: how many one-image jobs a second ONE image service instance completes
 * at its cap of concurrent deliveries when every model call takes a second
 * (the Vertex fake's `latency` fault), draining a backlog the Cloud Tasks
 * emulator delivers; and the most model calls the fake saw in flight at once,
 * counted where they arrive. Beside the floor: the cap over one job's time in
 * the service when it runs alone. Figures, not pass/fail.
 */
const backlogJobs = Number(process.env.BENCH_THROUGHPUT_JOBS ?? 96);
const floorRuns = Number(process.env.BENCH_THROUGHPUT_FLOOR_RUNS ?? 5);
const modelMs = Number(process.env.BENCH_THROUGHPUT_MODEL_MS ?? 1000);
const slots = imageService.concurrency;
const cpus = availableParallelism();
const idealPerSecond = slots / (modelMs / 1000);
const request: ImageRequest = {
  prompt: `bench: a lantern in fog [fake: latency=${modelMs}]`,
  aspectRatio: '1:1',
  imageSize: '1K',
  count: 1,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: false,
};

type EndedJob = ImageJobDoc<Timestamp>;

/** Resolves once every one of `jobIds` has ended, as one admin listener on the jobs sees them. */
function jobsEnded(db: Firestore, jobIds: string[], timeoutMs: number): Promise<EndedJob[]> {
  const waiting = new Set(jobIds);
  const ended = new Map<string, EndedJob>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${waiting.size} of ${jobIds.length} jobs had not ended after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const unsubscribe = db.collection(collections.jobs).onSnapshot(
      (snapshot) => {
        for (const change of snapshot.docChanges()) {
          const job = change.doc.data() as EndedJob;
          if (!waiting.has(change.doc.id) || !isTerminal(job.status)) continue;
          waiting.delete(change.doc.id);
          ended.set(change.doc.id, job);
        }
        if (waiting.size > 0) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(jobIds.map((jobId) => ended.get(jobId)!));
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const logPath = join(repoRoot, '.phoenix', 'bench-throughput.log');
mkdirSync(dirname(logPath), { recursive: true });
const stackLog = createWriteStream(logPath);
process.stdout.write(
  `\nP3 image throughput: starting the image service and what it needs on the bench ports (logs: ${logPath})…\n`,
);
const stack = await launchStack({
  profile: 'bench',
  only: ['firestore', 'cloud-tasks', 'vertex', 'r2', 'image'],
  onLine: (service, line) => stackLog.write(`${service} │ ${line}\n`),
});
Object.assign(process.env, stack.env);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(130)));
}

const adminApp = initializeAdminApp({ projectId: stack.projectId }, 'bench-throughput-admin');
const tasks = createLocalTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST ?? '');
const enqueueClient = createCloudTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST);
const fakeRequestsUrl = `${stack.env.GOOGLE_VERTEX_BASE_URL}/_fake/requests`;
try {
  const db = getAdminFirestore(adminApp);
  // The throughput of the service, not the per-user limits: each bench user has a dozen jobs queued at once.
  await updateLimitsFor(
    { db },
    { rateLimitPerHour: 10_000, inFlightPerUser: 100, perUserDailyTokens: 1_000_000 },
  );
  // The accept handler in-process, as P5 calls it: the same transaction and task as the callable.
  const deps = {
    db,
    queue: createImageTaskEnqueuer({
      target: () => imageTaskTargetFromEnv(stack.env),
      client: () => enqueueClient,
    }),
  };
  const jobsPerUser = Math.floor(STARTING_GRANT_TOKENS / quoteImageJob(request).tokens);
  const uids = Array.from(
    { length: Math.ceil((backlogJobs + floorRuns + 1) / jobsPerUser) },
    (_, index) => `throughput-${index}`,
  );
  for (const uid of uids)
    await ensureAccountFor(db, { uid, token: { email: `${uid}@example.com`, email_verified: true } });
  let accepts = 0;
  const accept = async () => {
    const uid = uids[Math.floor(accepts++ / jobsPerUser)]!;
    // The handler logs a line per accepted job on stdout, as in production; here it belongs in the log.
    return withoutJsonLogLines(
      async () => (await acceptImageJob(deps, uid, { ...request, requestId: randomUUID() })).jobId,
      stackLog,
    );
  };

  process.stdout.write(`P3 floor: ${floorRuns} jobs one at a time, each model call held ${modelMs} ms…\n`);
  const aloneInService: number[] = [];
  const alone = await measure(
    'P3 floor: one job alone, task → ended',
    floorRuns,
    async (index) => {
      const [job] = await jobsEnded(db, [await accept()], 60_000);
      if (job?.status !== 'succeeded') throw new Error(`a floor job ended ${job?.status}`);
      if (index >= 0) aloneInService.push(job.processingTimeMs ?? NaN);
    },
    1,
  );

  const queue = tasks.queuePath(stack.projectId, stack.env.TASKS_LOCATION ?? '', imageQueue.name);
  await tasks.pauseQueue({ name: queue });
  // One instance's worth of dispatches at once. Deployed, the queue's higher limit spreads over up to
  // maxInstances instances; against one instance it would send the whole backlog at once, and every task
  // past the 8 the instance takes would be refused and wait out a retry backoff, leaving slots idle.
  await tasks.updateQueue({
    queue: { name: queue, rateLimits: { maxConcurrentDispatches: slots } },
    updateMask: { paths: ['rate_limits.max_concurrent_dispatches'] },
  });
  process.stdout.write(`P3 backlog: ${backlogJobs} one-image jobs queued with the queue paused…\n`);
  const backlog: string[] = [];
  for (let index = 0; index < backlogJobs; index++) backlog.push(await accept());
  // A fresh high-water mark for the drain alone; nothing else calls the model meanwhile.
  await fetch(fakeRequestsUrl, { method: 'DELETE' });
  const services = stack.children.flatMap((child) =>
    child.process.pid ? [{ name: child.name, group: child.process.pid }] : [],
  );
  const groups = services.map(({ group }) => group);
  const cpuBefore = cpuSecondsByGroup(groups);
  const benchCpuBefore = process.cpuUsage();
  const drainStarted = performance.now();
  const ended = jobsEnded(db, backlog, 600_000);
  await tasks.resumeQueue({ name: queue });
  const jobs = await ended;
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const cpuAfter = cpuSecondsByGroup(groups);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpuUse = [
    ...services.map(({ name, group }) => ({ name, seconds: cpuAfter.get(group)! - cpuBefore.get(group)! })),
    { name: 'this bench (its job listener)', seconds: (benchCpu.user + benchCpu.system) / 1e6 },
  ].sort((a, b) => b.seconds - a.seconds);
  const seen = (await (await fetch(fakeRequestsUrl)).json()) as {
    requests: { method: string }[];
    maxInFlight: number;
  };

  const succeeded = jobs.filter((job) => job.status === 'succeeded');
  const steady = steadyThroughput(
    jobs.map((job) => job.finishedAt?.toMillis() ?? NaN),
    slots,
  );
  const rows: (Summary & { note: string })[] = [
    { ...alone, note: 'task created until an admin listener sees it end (queue otherwise empty)' },
    {
      ...summarize('  of which in the service', aloneInService),
      note: `job.processingTimeMs: claim, model (${modelMs} ms), sharp, R2, commit`,
    },
    {
      ...summarize(
        `P3 backlog job in the service`,
        succeeded.map((job) => job.processingTimeMs ?? NaN),
      ),
      note: `the same, ${slots} at a time on one instance`,
    },
  ];
  const alonePerJobMs = rows[1]!.p50;
  const inServiceMeanMs = rows[2]!.mean;
  const floorPerSecond = slots / (alonePerJobMs / 1000);
  const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
  const lines = [
    steady
      ? `P3 steady throughput: ${steady.jobsPerSecond.toFixed(2)} jobs/s (${steady.jobs} jobs in ` +
        `${steady.seconds.toFixed(1)} s, between the first and the last ${slots} completions)`
      : `P3 steady throughput: the backlog of ${backlogJobs} is too short to have a steady part`,
    `  / the ideal ${idealPerSecond.toFixed(1)}/s (${slots} slots × a ${modelMs} ms model): ` +
      `${steady ? percent(steady.jobsPerSecond, idealPerSecond) : 'n/a'} (goal ≥ 95 %)`,
    `  / the floor ${floorPerSecond.toFixed(2)}/s (${slots} / ${alonePerJobMs.toFixed(0)} ms, ` +
      `one job's time in the service alone): ${steady ? percent(steady.jobsPerSecond, floorPerSecond) : 'n/a'}`,
    ...(steady
      ? [
          `each slot took a job every ${(slots / steady.jobsPerSecond).toFixed(2)} s: ` +
            `${(inServiceMeanMs / 1000).toFixed(2)} s in the service (mean), the rest between jobs ` +
            `(dispatch, token check, the answer)`,
        ]
      : []),
    `most model calls in flight at once, counted by the Vertex fake: ${seen.maxInFlight} (goal ≤ ${slots}); ` +
      `${seen.requests.filter((entry) => entry.method === 'generateContent').length} model calls for ` +
      `${backlogJobs} jobs`,
    `backlog of ${backlogJobs} drained in ${drainSeconds.toFixed(1)} s ` +
      `(${(backlogJobs / drainSeconds).toFixed(2)} jobs/s overall); ${succeeded.length} succeeded, ` +
      `${jobs.reduce((sum, job) => sum + job.attempts, 0)} deliveries started work`,
  ];
  const cpuTotal = cpuUse.reduce((sum, use) => sum + use.seconds, 0);
  const imageCpuMs = ((cpuUse.find((use) => use.name === 'image')?.seconds ?? NaN) * 1000) / backlogJobs;
  const deployedBound = Math.min(idealPerSecond, (imageService.cpus * 1000) / imageCpuMs);
  lines.push(
    `CPU during the drain: ${cpuTotal.toFixed(1)} s of the ${(cpus * drainSeconds).toFixed(1)} s ` +
      `the ${cpus} cores had (${percent(cpuTotal, cpus * drainSeconds)}); per job, by process:`,
    ...cpuUse.map(
      (use) =>
        `  ${use.name.padEnd(30)} ${((use.seconds * 1000) / backlogJobs).toFixed(0).padStart(5)} ms ` +
        `(${percent(use.seconds, cpuTotal)})`,
    ),
    `the image service's own ${imageCpuMs.toFixed(0)} ms of CPU per job bounds a deployed instance ` +
      `(${imageService.cpus} vCPU, nothing else on it) at ${deployedBound.toFixed(1)} jobs/s ` +
      `(${percent(deployedBound, idealPerSecond)} of the ideal; an estimate from this run, not a measurement)`,
  );
  process.stdout.write(`\n${formatTable(rows)}\n${lines.map((line) => `  ${line}\n`).join('')}\n`);
} finally {
  await Promise.allSettled([tasks.close(), enqueueClient.close()]);
  await deleteAdminApp(adminApp).catch(() => {});
  await stack.stop();
  stackLog.end();
}
