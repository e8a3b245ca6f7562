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
import { createR2Client } from '../runner/src/storage/r2-client.ts';
import { updateLimitsFor } from '../functions/src/admin/limits.ts';
import { benchBudgetBurst, burstUsers, type BurstPath } from './budget-burst.ts';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { serviceScalerFromEnv } from '../functions/src/run-admin.ts';
import { createImageTaskEnqueuer, imageTaskTargetFromEnv } from '../functions/src/task-queue.ts';
import { createCloudTasksClient } from '@phoenix/server';
import { formatTable, measure, summarize, type Summary } from './stats.ts';

/**
 * P1 accept latency and P2 pipeline latency on the whole local stack (bench
 * ports), each beside the floors measured in the same run: one emulator
 * transaction, one sharp encode of the same image, one R2 put of the result.
 * Figures, not pass/fail.
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
async function users(count: number): Promise<PhoenixClient[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const client = PhoenixClient.connect(endpoints, `bench-${index}`);
      await client.signIn(`bench-${index}@example.com`, 'bench-password');
      await client.ensureAccount();
      await client.followMyJobs();
      return client;
    }),
  );
}

const clients: PhoenixClient[] = [];
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
  const webp = await sharp(modelBytes).webp({ quality: 82 }).toBuffer();
  record(
    await measure(`floor: sharp WebP ${width}×${height}`, 50, () =>
      sharp(modelBytes).webp({ quality: 82 }).toBuffer(),
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

  // P1 with the queue paused, so the image service's work does not compete
  // with the accept path for the two cores; the backlog is drained after.
  const tasks = createLocalTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST ?? '');
  const queue = tasks.queuePath(stack.projectId, stack.env.TASKS_LOCATION ?? '', imageQueue.name);
  await tasks.pauseQueue({ name: queue });
  // As many jobs per user as the starting grant pays for at today's price, less a spare one.
  const jobsPerUser = Math.floor(STARTING_GRANT_TOKENS / quoteImageJob(request).tokens) - 1;
  clients.push(...(await users(Math.ceil((acceptRuns + pipelineRuns + 10) / jobsPerUser))));
  const accepted: { client: PhoenixClient; jobId: string }[] = [];
  record(
    await measure('P1 accept: createImageJob', acceptRuns, async (index) => {
      const client = clients[Math.abs(index) % clients.length]!;
      accepted.push({ client, jobId: await client.createImageJob(request) });
    }),
    'callable → account tx, job written, task created (queue paused)',
  );

  const drainStarted = performance.now();
  await tasks.resumeQueue({ name: queue });
  await Promise.all(accepted.map(({ client, jobId }) => client.jobEnded(jobId, 300_000)));
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  await tasks.close();

  const processing: number[] = [];
  record(
    await measure('P2 pipeline: task → succeeded', pipelineRuns, async (index) => {
      const client = clients[Math.abs(index) % clients.length]!;
      const jobId = await client.createImageJob(request);
      const job = await client.jobEnded(jobId);
      if (job.status !== 'succeeded') throw new Error(`bench job ${jobId} ended ${job.status}`);
      if (index >= 0) processing.push(job.processingTimeMs ?? NaN);
    }),
    'callable returned (task created) until a web-SDK listener sees succeeded',
  );
  record(
    summarize('  of which in the service', processing),
    'job.processingTimeMs: model, sharp, R2, commit',
  );

  process.stdout.write(`\n${formatTable(rows)}\n`);
  const floor = (prefix: string) => rows.find((row) => row.name.startsWith(prefix))?.p50 ?? NaN;
  const p1 = rows.find((row) => row.name.startsWith('P1'))?.p50 ?? NaN;
  const p2 = rows.find((row) => row.name.startsWith('P2'))?.p50 ?? NaN;
  // Claim, record the one output (so a retry never makes it again), end the job: 3 transactions.
  const parts = floor('floor: firestore') * 3 + floor('floor: sharp') + floor('floor: R2') * 2;
  process.stdout.write(
    [
      '',
      `P1 p50 / one transaction: ${(p1 / floor('floor: firestore')).toFixed(1)}×`,
      `P2 p50 / (3 transactions + 1 encode + 2 puts = ${parts.toFixed(1)} ms): ${(p2 / parts).toFixed(1)}×`,
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
  const handlerDeps = {
    db: adminDb,
    queue: createImageTaskEnqueuer({
      target: () => imageTaskTargetFromEnv(stack.env),
      client: () => createCloudTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST),
    }),
    budget: { scaler: serviceScalerFromEnv({ ...stack.env, GCLOUD_PROJECT: stack.projectId }) },
  };
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
    const burst = await benchBudgetBurst({
      adminDb,
      users: burstPeople,
      path,
      request,
      perUser: burstPerUser,
      admitted: burstAdmitted,
    });
    burstRows.push(...burst.rows);
    burstLines.push(...burst.lines);
  }
  const p1Row = rows.find((row) => row.name.startsWith('P1'));
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
