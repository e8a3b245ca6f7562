import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  STARTING_GRANT_TOKENS,
  imageModelById,
  imageQueue,
  quoteImageJob,
  type ImageRequest,
} from '@phoenix/core';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import sharp from 'sharp';
import { createLocalTasksClient } from '../dev/src/cloud-tasks/client.ts';
import { endpointsFromEnv, PhoenixClient } from '../dev/src/seed/phoenix-client.ts';
import { launchStack, repoRoot } from '../dev/src/stack/launch.ts';
import { createLocalGenAI } from '../dev/src/vertex/client.ts';
import { renderSettings } from '../runner/src/image/render.ts';
import { createR2Client } from '../runner/src/storage/r2-client.ts';
import { updateLimitsFor } from '../functions/src/admin/limits.ts';
import { benchBudgetBurst, burstUsers, type BurstPath } from './budget-burst.ts';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { serviceScalerFromEnv } from '../functions/src/run-admin.ts';
import { createImageTaskEnqueuer, imageTaskTargetFromEnv } from '../functions/src/task-queue.ts';
import { createCloudTasksClient, createNamedHttpTask } from '@phoenix/server';
import { withoutJsonLogLines } from './quiet-logs.ts';
import { formatTable, measure, summarize, type Summary } from './stats.ts';

/**
 * P1 accept latency and P2 pipeline latency on the whole local stack (bench
 * ports), each beside the floors measured in the same run: one emulator
 * transaction, one transaction then one task created (the accept's own
 * floor), one model call, one sharp encode of the same image, one R2 put of
 * the result. P1 is measured twice: through the Functions emulator, and the
 * handler alone in this process, because the emulator's own overhead (an
 * HTTP hop, a worker process per request) is not the accept's. Figures, not
 * pass/fail.
 */
const acceptRuns = Number(process.env.BENCH_ACCEPT_RUNS ?? 200);
const pipelineRuns = Number(process.env.BENCH_PIPELINE_RUNS ?? 60);
const request: ImageRequest = {
  prompt: 'bench: a lantern in fog',
  aspectRatio: '1:1',
  imageSize: '1K',
  count: 1,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: false,
};

const rows: (Summary & { note: string })[] = [];
const record = (summary: Summary, note: string) => {
  rows.push({ ...summary, note });
  process.stdout.write(`  measured ${summary.name}\n`);
};

const logPath = join(repoRoot, '.phoenix', 'bench-stack.log');
mkdirSync(dirname(logPath), { recursive: true });
const stackLog = createWriteStream(logPath);
process.stdout.write(`starting the whole stack on the bench ports (logs: ${logPath})…\n`);
const stack = await launchStack({
  profile: 'bench',
  only: ['firestore', 'firebase', 'cloud-tasks', 'run-admin', 'vertex', 'r2', 'image'],
  onLine: (service, line) => stackLog.write(`${service} │ ${line}\n`),
});
Object.assign(process.env, stack.env);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(130)));
}
const endpoints = endpointsFromEnv(stack.env);

/** Each account starts with the starting grant; bench users take turns so none runs dry. */
async function users(count: number): Promise<{ uid: string; client: PhoenixClient }[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const client = PhoenixClient.connect(endpoints, `bench-${index}`);
      const { uid } = await client.signIn(`bench-${index}@example.com`, 'bench-password');
      await client.ensureAccount();
      await client.followMyJobs();
      return { uid, client };
    }),
  );
}

const clients: PhoenixClient[] = [];

/** A job time as epoch ms, from the web SDK's Timestamp. */
function millisOf(time: unknown): number {
  return time && typeof (time as { toMillis?: unknown }).toMillis === 'function'
    ? (time as { toMillis(): number }).toMillis()
    : NaN;
}
try {
  const adminApp = initializeAdminApp({ projectId: stack.projectId }, 'bench-admin');
  const adminDb = getAdminFirestore(adminApp);
  // P1 and P2 measure the pipeline, not the per-user limits: a bench user makes dozens of jobs in a minute.
  await updateLimitsFor(
    { db: adminDb },
    { rateLimitPerHour: 10_000, inFlightPerUser: 100, perUserDailyTokens: 1_000_000 },
  );
  const counter = adminDb.doc('bench/counter');
  await counter.set({ value: 0 });
  record(
    await measure('floor: firestore transaction', 100, () =>
      adminDb.runTransaction(async (transaction) => {
        const snapshot = await transaction.get(counter);
        transaction.update(counter, { value: Number(snapshot.get('value')) + 1 });
      }),
    ),
    'firebase-admin read + update of one document',
  );

  // At the model's own location, as the image service calls it (Gemini 3 exists only at `global`).
  const genai = createLocalGenAI({
    baseUrl: stack.env.GOOGLE_VERTEX_BASE_URL ?? '',
    location: imageModelById(request.model)?.location ?? 'global',
  });
  const sample = await genai.models.generateContent({
    model: request.model,
    contents: request.prompt,
    config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: request.aspectRatio } },
  });
  const modelBytes = Buffer.from(
    sample.candidates?.[0]?.content?.parts?.[0]?.inlineData?.data ?? '',
    'base64',
  );
  const { width, height } = await sharp(modelBytes).metadata();
  // As the image service encodes it.
  const webpOptions = { quality: renderSettings.fullQuality, effort: renderSettings.webpEffort };
  const webp = await sharp(modelBytes).webp(webpOptions).toBuffer();
  record(
    await measure(`floor: sharp WebP ${width}×${height}`, 50, () =>
      sharp(modelBytes).webp(webpOptions).toBuffer(),
    ),
    'one full-size encode of the model output',
  );
  const s3 = createR2Client({
    endpoint: stack.env.R2_ENDPOINT ?? '',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  record(
    await measure(`floor: R2 put ${(webp.length / 1024).toFixed(0)} KB`, 100, (index) =>
      s3.send(
        new PutObjectCommand({
          Bucket: stack.env.R2_BUCKET,
          Key: `bench/floor-${index + 10}.webp`,
          Body: webp,
          ContentType: 'image/webp',
        }),
      ),
    ),
    'one PutObject of that WebP',
  );
  s3.destroy();

  record(
    await measure('floor: model call', 30, () =>
      genai.models.generateContent({
        model: request.model,
        contents: request.prompt,
        config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: request.aspectRatio } },
      }),
    ),
    'one generateContent to the Vertex fake, no injected latency',
  );

  // P1 with the queue paused, so the image service's work does not compete
  // with the accept path for the two cores; the backlog is drained after.
  const tasks = createLocalTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST ?? '');
  const location = tasks.locationPath(stack.projectId, stack.env.TASKS_LOCATION ?? '');
  const queue = tasks.queuePath(stack.projectId, stack.env.TASKS_LOCATION ?? '', imageQueue.name);
  await tasks.pauseQueue({ name: queue });

  // The accept's floor: the one transaction and the one enqueue it cannot do without, on a
  // paused queue of its own so the tasks are never dispatched.
  const floorQueue = tasks.queuePath(stack.projectId, stack.env.TASKS_LOCATION ?? '', 'bench-floor');
  await tasks.createQueue({ parent: location, queue: { name: floorQueue } });
  await tasks.pauseQueue({ name: floorQueue });
  const enqueueClient = createCloudTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST);
  const imageTarget = imageTaskTargetFromEnv(stack.env);
  record(
    await measure('floor: transaction + enqueue', 100, async (index) => {
      await adminDb.runTransaction(async (transaction) => {
        const snapshot = await transaction.get(counter);
        transaction.update(counter, { value: Number(snapshot.get('value')) + 1 });
      });
      await createNamedHttpTask(enqueueClient, {
        parent: floorQueue,
        taskId: `floor-${index + 10}-${randomUUID()}`,
        dispatchDeadlineSeconds: imageQueue.dispatchDeadlineSeconds,
        serviceUrl: imageTarget.imageServiceUrl,
        route: '/tasks/image',
        body: { jobId: `floor-${index}` },
        invokerEmail: imageTarget.invokerEmail,
      });
    }),
    'one admin transaction, then one CreateTask (paused queue)',
  );
  await tasks.deleteQueue({ name: floorQueue });
  // As many jobs per user as the starting grant pays for at today's price, less a spare one.
  const jobsPerUser = Math.floor(STARTING_GRANT_TOKENS / quoteImageJob(request).tokens) - 1;
  // The most jobs one user makes: each phase (P1 twice, P2) deals its runs round-robin, plus one warm-up.
  const mostPerUser = (count: number) =>
    [acceptRuns, acceptRuns, pipelineRuns].reduce((sum, runs) => sum + Math.ceil(runs / count) + 1, 0);
  let userCount = 1;
  while (mostPerUser(userCount) > jobsPerUser) userCount++;
  const people = await users(userCount);
  clients.push(...people.map(({ client }) => client));
  const accepted: { client: PhoenixClient; jobId: string }[] = [];
  record(
    await measure('P1 accept: createImageJob', acceptRuns, async (index) => {
      const client = clients[Math.abs(index) % clients.length]!;
      accepted.push({ client, jobId: await client.createImageJob(request) });
    }),
    'callable → account tx, job written, task created (queue paused)',
  );
  const handlerDeps = {
    db: adminDb,
    queue: createImageTaskEnqueuer({
      target: () => imageTaskTargetFromEnv(stack.env),
      client: () => createCloudTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST),
    }),
    budget: { scaler: serviceScalerFromEnv({ ...stack.env, GCLOUD_PROJECT: stack.projectId }) },
  };
  record(
    await withoutJsonLogLines(() =>
      measure('P1 accept: the handler alone', acceptRuns, async (index) => {
        const { uid, client } = people[Math.abs(index) % people.length]!;
        const { jobId } = await acceptImageJob(handlerDeps, uid, { ...request, requestId: randomUUID() });
        accepted.push({ client, jobId });
      }),
    ),
    'acceptImageJob in this process: the same tx and enqueue, no emulator hop',
  );

  const drainStarted = performance.now();
  await tasks.resumeQueue({ name: queue });
  await Promise.all(accepted.map(({ client, jobId }) => client.jobEnded(jobId, 300_000)));
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  await tasks.close();

  // From the job's commit (its task is created right after) rather than the callable's return: in the
  // Functions emulator the answer reaches the caller after the image service has already claimed the job.
  const pipeline: number[] = [];
  const toClaim: number[] = [];
  const inService: number[] = [];
  const processing: number[] = [];
  const toSeen: number[] = [];
  const fromReturn = await measure('from the callable', pipelineRuns, async (index) => {
    const client = clients[Math.abs(index) % clients.length]!;
    const jobId = await client.createImageJob(request);
    const job = await client.jobEnded(jobId);
    const seenAtMs = Date.now();
    if (job.status !== 'succeeded') throw new Error(`bench job ${jobId} ended ${job.status}`);
    if (index < 0) return;
    const createdAtMs = millisOf(job.createdAt);
    const startedAtMs = millisOf(job.startedAt);
    const finishedAtMs = millisOf(job.finishedAt);
    pipeline.push(seenAtMs - createdAtMs);
    toClaim.push(startedAtMs - createdAtMs);
    inService.push(finishedAtMs - startedAtMs);
    processing.push(job.processingTimeMs ?? NaN);
    toSeen.push(seenAtMs - finishedAtMs);
  });
  record(
    summarize('P2 pipeline: task → succeeded', pipeline),
    'job committed (task created) until a web-SDK listener sees succeeded',
  );
  record(summarize('  committed → claimed', toClaim), 'createdAt → startedAt: dispatch, token check, claim');
  record(summarize('  claimed → ended', inService), 'startedAt → finishedAt: the work and the ending');
  record(
    summarize('    of which the work', processing),
    'processingTimeMs: model, sharp, R2, output records',
  );
  record(summarize('  ended → seen', toSeen), 'finishedAt → the web-SDK listener fired');
  record(
    { ...fromReturn, name: '  callable returned → seen' },
    'the same jobs, from when the caller had its answer',
  );

  process.stdout.write(`\n${formatTable(rows)}\n`);
  const row = (prefix: string) => rows.find((candidate) => candidate.name.startsWith(prefix));
  const at = (prefix: string, percentile: 'p50' | 'p95') => row(prefix)?.[percentile] ?? NaN;
  // Claim, record the one output (so a retry never makes it again), end the job: 3 transactions,
  // and the model call, encode and two puts (the image, its thumbnail) between them.
  const pipelineFloor = (percentile: 'p50' | 'p95') =>
    at('floor: firestore', percentile) * 3 +
    at('floor: model', percentile) +
    at('floor: sharp', percentile) +
    at('floor: R2', percentile) * 2;
  const versus = (prefix: string, floor: (percentile: 'p50' | 'p95') => number) =>
    (['p50', 'p95'] as const)
      .map((percentile) => `${percentile} ${(at(prefix, percentile) / floor(percentile)).toFixed(1)}×`)
      .join(', ');
  const acceptFloor = (percentile: 'p50' | 'p95') => at('floor: transaction + enqueue', percentile);
  process.stdout.write(
    [
      '',
      `P1 through the callable / (one transaction + one enqueue): ${versus('P1 accept: createImageJob', acceptFloor)} (goal: p95 ≤ 1.5×)`,
      `P1 the handler alone / (one transaction + one enqueue): ${versus('P1 accept: the handler', acceptFloor)}`,
      `P2 / (3 transactions + 1 model call + 1 encode + 2 puts = ${pipelineFloor('p50').toFixed(1)} ms at p50, ` +
        `${pipelineFloor('p95').toFixed(1)} ms at p95): ${versus('P2', pipelineFloor)} (goal: p95 ≤ 2×)`,
      `backlog of ${accepted.length} one-image jobs drained in ${drainSeconds.toFixed(1)} s ` +
        `(${(accepted.length / drainSeconds).toFixed(1)} jobs/s through one image service instance)`,
      '',
    ].join('\n'),
  );

  // P5, two ways into the same accept. The Functions emulator runs each request in flight in a
  // worker process of its own, started for it (a deployed instance serves 80 at once), so the
  // callable burst is bounded in the bench; the handler takes the whole burst at once in-process.
  const burstPerUser = Number(process.env.BENCH_BURST_PER_USER ?? 10);
  const burstAdmitted = Number(process.env.BENCH_BURST_ADMITTED ?? 100);
  const burstPeople = await burstUsers(endpoints, Number(process.env.BENCH_BURST_USERS ?? 50));
  clients.push(...burstPeople.map(({ client }) => client));
  const burstPaths: BurstPath[] = [
    {
      label: 'handler',
      inFlight: burstPeople.length * burstPerUser,
      accept: async ({ uid }, asked) =>
        (await acceptImageJob(handlerDeps, uid, { ...asked, requestId: randomUUID() })).jobId,
    },
    {
      label: 'callable',
      inFlight: Number(process.env.BENCH_BURST_CALLABLE_IN_FLIGHT ?? 16),
      accept: ({ client }, asked) => client.createImageJob(asked),
    },
  ];
  const burstRows: (Summary & { note: string })[] = [];
  const burstLines: string[] = [];
  for (const path of burstPaths) {
    process.stdout.write(
      `P5 through the ${path.label}: ${burstPeople.length * burstPerUser} calls from ${burstPeople.length} users, ` +
        `${path.inFlight} in flight, against a cap that admits ${burstAdmitted} more jobs…\n`,
    );
    const burst = await withoutJsonLogLines(() =>
      benchBudgetBurst({
        adminDb,
        users: burstPeople,
        path,
        request,
        perUser: burstPerUser,
        admitted: burstAdmitted,
      }),
    );
    burstRows.push(...burst.rows);
    burstLines.push(...burst.lines);
  }
  const p1Row = row('P1');
  const ratio = (row: Summary | undefined) =>
    `p50 ${((row?.p50 ?? NaN) / (p1Row?.p50 ?? NaN)).toFixed(1)}×, p95 ${((row?.p95 ?? NaN) / (p1Row?.p95 ?? NaN)).toFixed(1)}× P1`;
  process.stdout.write(
    `\n${formatTable([...(p1Row ? [p1Row] : []), ...burstRows])}\n` +
      burstLines.map((line) => `  ${line}\n`).join('') +
      burstRows
        .filter((row) => row.name.endsWith('accepted'))
        .map((row) => `  ${row.name}: ${ratio(row)}\n`)
        .join(''),
  );
  await deleteAdminApp(adminApp);
} finally {
  await Promise.allSettled(clients.map((client) => client.close()));
  await stack.stop();
}
