import {
  ledgerEntryIds,
  paths,
  quoteImageJob,
  spendPeriod,
  sumShards,
  type ImageRequest,
  type JobDoc,
  type SpendShardDoc,
} from '@phoenix/core';
import type { Firestore } from 'firebase-admin/firestore';
import { updateLimitsFor } from '../functions/src/admin/limits.ts';
import { type EmulatorEndpoints, PhoenixClient } from '../dev/src/seed/phoenix-client.ts';
import { summarize, type Summary } from './stats.ts';

export interface BudgetBurstResult {
  rows: (Summary & { note: string })[];
  lines: string[];
}

/**
 * P5: `users` × `perUser` createImageJob calls at once, through the
 * callable, against a cap set (through updateLimits, as an admin would) to
 * admit exactly `admitted` more one-image jobs this month. Each call is timed
 * on its own; after the queue drains, the month's spend is summed from the
 * jobs and from the budget shards and compared with the cap.
 */
export async function benchBudgetBurst(options: {
  adminDb: Firestore;
  endpoints: EmulatorEndpoints;
  request: ImageRequest;
  users: number;
  perUser: number;
  admitted: number;
}): Promise<BudgetBurstResult> {
  const { adminDb, endpoints, request, users, perUser, admitted } = options;
  const period = spendPeriod(Date.now());
  const shardsBefore = await adminDb.collection(paths.spendShards(period)).get();
  const before = sumShards(shardsBefore.docs.map((doc) => doc.data() as SpendShardDoc));
  const usedBefore = before.reservedMicroUsd + before.settledMicroUsd;
  const price = quoteImageJob(request).microUsd;
  const capMicroUsd = usedBefore + admitted * price;
  await updateLimitsFor(
    { db: adminDb },
    {
      monthlyUsdCap: capMicroUsd / 1_000_000,
      rateLimitPerHour: 10_000,
      inFlightPerUser: 100,
      perUserDailyTokens: 1_000_000,
      degradeAt: 1,
    },
  );

  const clients = await Promise.all(
    Array.from({ length: users }, async (_, index) => {
      const client = PhoenixClient.connect(endpoints, `burst-${index}`);
      await client.signIn(`burst-${index}@example.com`, 'bench-password');
      await client.ensureAccount();
      await client.followMyJobs();
      return client;
    }),
  );
  try {
    const acceptedMs: number[] = [];
    const refusedMs: number[] = [];
    const refusals = new Map<string, number>();
    const accepted: { client: PhoenixClient; jobId: string }[] = [];
    const burstStarted = performance.now();
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: perUser }, async () => {
          const started = performance.now();
          try {
            accepted.push({ client, jobId: await client.createImageJob(request) });
            acceptedMs.push(performance.now() - started);
          } catch (error) {
            refusedMs.push(performance.now() - started);
            const code = String(
              (error as { details?: { code?: unknown } }).details?.code ?? (error as Error).message,
            );
            refusals.set(code, (refusals.get(code) ?? 0) + 1);
          }
        }),
      ),
    );
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const jobs = await Promise.all(accepted.map(({ client, jobId }) => client.jobEnded(jobId, 600_000)));
    const settledByJobs = jobs.reduce((sum, job: JobDoc) => sum + (job.cost.settledMicroUsd ?? 0), 0);
    const shardsAfter = await adminDb.collection(paths.spendShards(period)).get();
    const after = sumShards(shardsAfter.docs.map((doc) => doc.data() as SpendShardDoc));
    const monthByShards = after.reservedMicroUsd + after.settledMicroUsd;
    const ledgerDebits = await Promise.all(
      accepted.map(async ({ jobId }) => {
        const job = (await adminDb.doc(paths.job(jobId)).get()).data() as JobDoc;
        return (await adminDb.doc(paths.ledgerEntry(job.uid, ledgerEntryIds.debit(jobId))).get()).exists;
      }),
    );
    return {
      rows: [
        {
          ...summarize('P5 accept during the burst (accepted)', acceptedMs),
          note: 'createImageJob answered with a job',
        },
        {
          ...summarize('P5 refusal during the burst', refusedMs),
          note: 'createImageJob refused, nothing written',
        },
      ],
      lines: [
        `${users * perUser} calls from ${users} users at once in ${burstSeconds.toFixed(1)} s: ` +
          `${accepted.length} accepted (the cap admits ${admitted}), refused: ` +
          [...refusals].map(([code, count]) => `${count} ${code}`).join(', '),
        `one debit line per accepted job in the ledger: ${ledgerDebits.filter(Boolean).length} of ${accepted.length}`,
        `after the queue drained: the burst's jobs settled ${settledByJobs} µ$; the month holds ` +
          `${monthByShards} µ$ by the shards (${after.reservedMicroUsd} still reserved) against a cap of ` +
          `${capMicroUsd} µ$: ${monthByShards <= capMicroUsd && usedBefore + settledByJobs <= capMicroUsd ? 'within the cap' : 'OVER THE CAP'}`,
      ],
    };
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
  }
}
