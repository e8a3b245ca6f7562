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

export interface BurstUser {
  uid: string;
  client: PhoenixClient;
}

/** One way into createImageJob: the callable through the Functions emulator, or its handler in-process. */
export interface BurstPath {
  label: string;
  /** Calls in flight at once; the rest wait their turn in the bench. */
  inFlight: number;
  accept(user: BurstUser, request: ImageRequest): Promise<string>;
}

export interface BudgetBurstResult {
  rows: (Summary & { note: string })[];
  lines: string[];
}

/** Signs in `count` burst users (once per bench run) and follows their jobs live. */
export async function burstUsers(endpoints: EmulatorEndpoints, count: number): Promise<BurstUser[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const client = PhoenixClient.connect(endpoints, `burst-${index}`);
      const { uid } = await client.signIn(`burst-${index}@example.com`, 'bench-password');
      await client.ensureAccount();
      await client.followMyJobs();
      return { uid, client };
    }),
  );
}

/**
 * P5: each user makes `perUser` createImageJob calls at once (at most
 * `path.inFlight` in flight), against a cap set through updateLimits, as an
 * admin would, to admit exactly `admitted` more one-image jobs this month.
 * Each call is timed on its own. After the queue drains, the month's spend is
 * summed from the jobs and from the budget shards and compared with the cap,
 * and every accepted job must have its one debit line in the ledger.
 */
export async function benchBudgetBurst(options: {
  adminDb: Firestore;
  users: BurstUser[];
  path: BurstPath;
  request: ImageRequest;
  perUser: number;
  admitted: number;
}): Promise<BudgetBurstResult> {
  const { adminDb, users, path, request, perUser, admitted } = options;
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

  const acceptedMs: number[] = [];
  const refusedMs: number[] = [];
  const refusals = new Map<string, number>();
  const accepted: { user: BurstUser; jobId: string }[] = [];
  const calls = users.flatMap((user) => Array.from({ length: perUser }, () => user));
  const burstStarted = performance.now();
  let next = 0;
  const lane = async () => {
    for (let user = calls[next++]; user; user = calls[next++]) {
      const started = performance.now();
      try {
        accepted.push({ user, jobId: await path.accept(user, request) });
        acceptedMs.push(performance.now() - started);
      } catch (error) {
        refusedMs.push(performance.now() - started);
        const code = String(
          (error as { details?: { code?: unknown } }).details?.code ??
            (error as { code?: unknown }).code ??
            (error as Error).message,
        );
        refusals.set(code, (refusals.get(code) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(path.inFlight, calls.length) }, lane));
  const burstSeconds = (performance.now() - burstStarted) / 1000;

  const jobs = await Promise.all(accepted.map(({ user, jobId }) => user.client.jobEnded(jobId, 600_000)));
  const settledByJobs = jobs.reduce((sum, job: JobDoc) => sum + (job.cost.settledMicroUsd ?? 0), 0);
  const shardsAfter = await adminDb.collection(paths.spendShards(period)).get();
  const after = sumShards(shardsAfter.docs.map((doc) => doc.data() as SpendShardDoc));
  const monthByShards = after.reservedMicroUsd + after.settledMicroUsd;
  const debitLines = await Promise.all(
    accepted.map(
      async ({ user, jobId }) =>
        (await adminDb.doc(paths.ledgerEntry(user.uid, ledgerEntryIds.debit(jobId))).get()).exists,
    ),
  );
  const withinCap = monthByShards <= capMicroUsd && usedBefore + settledByJobs <= capMicroUsd;
  return {
    rows: [
      {
        ...summarize(`P5 ${path.label}: accepted`, acceptedMs),
        note: 'createImageJob answered with a job',
      },
      {
        ...summarize(`P5 ${path.label}: refused`, refusedMs),
        note: 'createImageJob refused, nothing written',
      },
    ],
    lines: [
      `${path.label}: ${calls.length} calls from ${users.length} users, ${Math.min(path.inFlight, calls.length)} ` +
        `in flight, in ${burstSeconds.toFixed(1)} s: ${accepted.length} accepted (the cap admits ${admitted}), ` +
        `refused: ${[...refusals].map(([code, count]) => `${count} ${code}`).join(', ') || 'none'}`,
      `${path.label}: one debit line per accepted job in the ledger: ${debitLines.filter(Boolean).length} of ${accepted.length}`,
      `${path.label}: after the queue drained, the burst's jobs settled ${settledByJobs} µ$; the month holds ` +
        `${monthByShards} µ$ by the shards (${after.reservedMicroUsd} still reserved) against a cap of ` +
        `${capMicroUsd} µ$: ${withinCap ? 'within the cap' : 'OVER THE CAP'}`,
    ],
  };
}
