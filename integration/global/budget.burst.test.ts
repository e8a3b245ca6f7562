import {
  PhoenixError,
  imageQueue,
  isTerminal,
  paths,
  quoteImageJob,
  spendPeriod,
  type JobDoc,
  type LedgerEntryDoc,
  type SpendShardDoc,
} from '@phoenix/core';
import { afterAll, describe, expect, it } from 'vitest';
import { updateLimitsFor } from '../../functions/src/admin/limits.ts';
import { acceptImageJob } from '../../functions/src/image-jobs/create.ts';
import { fundAccount } from '../support/accounts.ts';
import { createLocalTasksClient } from '../../dev/src/cloud-tasks/client.ts';
import { testStack, uniquePrefix } from '../support/stack.ts';
import { moneyTestbed, webhookReceiver } from './money-bed.ts';

const { db, queue, scaler, setLimits } = moneyTestbed();
const stack = testStack();
const tasks = createLocalTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST ?? '');
const imagesQueue = tasks.queuePath(
  stack.projectId,
  stack.env.TASKS_LOCATION ?? 'us-central1',
  imageQueue.name,
);
const request = {
  prompt: 'a paper boat on a puddle',
  count: 1,
  model: 'gemini-3.1-flash-image',
  imageSize: '1K',
};
const jobPrice = quoteImageJob(request as never).microUsd;
const admitted = 100;
const users = 50;
const perUser = 10;
// A month of its own, so no other test's spend is in it.
const nowMs = Date.UTC(2031, 4, 10, 12);
const period = spendPeriod(nowMs);
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

afterAll(async () => {
  await tasks.resumeQueue({ name: imagesQueue });
  await tasks.close();
  await receiver?.close();
  await scaler.setMaxInstances('image', 100);
});

describe('the monthly budget under a 500-way burst', () => {
  it(
    'accepts at most what the cap admits, alerts once per threshold, scales down at the cap and restores on a raise',
    { timeout: 420_000 },
    async () => {
      // The receiver fails its first POST, so one alert is delivered on a retry.
      receiver = await webhookReceiver(1);
      await setLimits({
        monthlyUsdCap: (admitted * jobPrice) / 1_000_000,
        inFlightPerUser: 100,
        rateLimitPerHour: perUser,
        perUserDailyTokens: 1000,
        alertThresholds: [0.8, 1],
        degradeAt: 1,
        alertWebhookUrl: receiver.url,
        atCapMaxInstances: 1,
      });
      expect(await scaler.getMaxInstances('image')).toBe(100);
      const uids = Array.from({ length: users }, () => uniquePrefix('burst'));
      await Promise.all(uids.map((uid) => fundAccount(db, uid)));

      const deps = { db, queue, budget: { scaler, webhook: { backoffMs: 10 } }, nowMs: () => nowMs };
      // The accepts alone: the image service starts on the jobs once the burst is over.
      await tasks.pauseQueue({ name: imagesQueue });
      const burstStarted = performance.now();
      const outcomes = await Promise.allSettled(
        uids.flatMap((uid) => Array.from({ length: perUser }, () => acceptImageJob(deps, uid, request))),
      );
      const accepted = outcomes.flatMap((outcome) =>
        outcome.status === 'fulfilled' ? [outcome.value.jobId] : [],
      );
      const refusals = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
      );
      console.info(
        `burst of ${users * perUser} accepts took ${Math.round(performance.now() - burstStarted)} ms`,
      );
      const codes = new Map<string, number>();
      for (const refusal of refusals) {
        const code = refusal instanceof PhoenixError ? refusal.code : String(refusal);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      // The cap splits into 20 allowances of exactly 5 jobs each; every other call is refused for the budget.
      expect({ accepted: accepted.length, refused: Object.fromEntries(codes) }).toEqual({
        accepted: admitted,
        refused: { budget_exceeded: users * perUser - admitted },
      });

      // Exactly one alert per threshold, each POSTed once successfully.
      const alerts = await db.collection(paths.spendAlerts(period)).get();
      expect(alerts.docs.map((doc) => doc.id).sort()).toEqual(['t1000', 't800']);
      expect(receiver.received).toHaveLength(2);
      expect(receiver.attempts()).toBe(3);
      expect(alerts.docs.map((doc) => doc.get('delivery.state'))).toEqual(['sent', 'sent']);

      // At the cap the image service went down to its floor, through the Run Admin API.
      expect(await scaler.getMaxInstances('image')).toBe(1);
      expect((await db.doc(paths.spendPeriod(period)).get()).get('level')).toBe('exhausted');

      // The queue drains; what was settled stays within the cap, by the jobs and by the shards.
      await tasks.resumeQueue({ name: imagesQueue });
      const drainStarted = performance.now();
      const jobs = await waitForTerminal(accepted);
      console.info(`queue drained in ${Math.round(performance.now() - drainStarted)} ms`);
      const settledByJobs = jobs.reduce((sum, job) => sum + (job.cost.settledMicroUsd ?? 0), 0);
      const shards = await db.collection(paths.spendShards(period)).get();
      const shardTotals = shards.docs.map((doc) => doc.data() as SpendShardDoc);
      expect(shardTotals.reduce((sum, shard) => sum + shard.settledMicroUsd, 0)).toBe(settledByJobs);
      expect(shardTotals.reduce((sum, shard) => sum + shard.reservedMicroUsd, 0)).toBe(0);
      expect(settledByJobs).toBeLessThanOrEqual(admitted * jobPrice);

      // Every user's ledger sums to their balance: one debit per accepted job, nothing for a refusal.
      for (const uid of uids) {
        const lines = (await db.collection(paths.ledger(uid)).get()).docs.map(
          (doc) => doc.data() as LedgerEntryDoc,
        );
        const balance = (await db.doc(paths.account(uid)).get()).get('balance') as number;
        expect(lines.reduce((sum, line) => sum + line.tokens, 0)).toBe(balance);
        const debits = lines.filter((line) => line.kind === 'debit').length;
        expect(debits).toBe(jobs.filter((job) => job.uid === uid).length);
      }

      // An admin raises the cap: the level lifts and the image service is restored.
      await updateLimitsFor({ db, scaler, nowMs: () => nowMs }, { monthlyUsdCap: 1000 });
      expect((await db.doc(paths.spendPeriod(period)).get()).get('level')).toBe('ok');
      expect(await scaler.getMaxInstances('image')).toBe(100);
      const history = await db.collection(paths.scalingEvents()).where('period', '==', period).get();
      expect(history.docs.map((doc) => doc.get('cause')).sort()).toEqual([
        'budget_exhausted',
        'budget_restored',
      ]);
    },
  );
});

/** Each job as a listener first sees it terminal; the test's own timeout bounds the wait. */
function waitForTerminal(jobIds: string[]): Promise<JobDoc[]> {
  return Promise.all(
    jobIds.map(
      (id) =>
        new Promise<JobDoc>((resolve, reject) => {
          const stop = db.doc(paths.job(id)).onSnapshot((snapshot) => {
            const job = snapshot.data() as JobDoc | undefined;
            if (job && isTerminal(job.status)) {
              stop();
              resolve(job);
            }
          }, reject);
        }),
    ),
  );
}
