import { createHash } from 'node:crypto';
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  PhoenixError,
  acceptTransactionsPerInstance,
  applyJobEnding,
  assertAffordable,
  assertWithinUserLimits,
  budgetShardCount,
  capMicroUsd,
  catalogueFrom,
  collections,
  createImageJobRequestSchema,
  degradedModel,
  fastPathOpen,
  errorCodes,
  ledgerEntryIds,
  limitsFrom,
  lowCreditsNotification,
  moveTokens,
  newImageJob,
  parseRequest,
  paths,
  planAccept,
  planFailure,
  quoteImageJob,
  readAccountIn,
  shouldCheckBudget,
  spendPeriod,
  sumShards,
  usageAfterAccept,
  withCatalogueDefault,
  type CreateImageJobResponse,
  type ImageModelId,
  type JobDoc,
  type Limits,
  type ModelsConfigDoc,
  type PostDoc,
  type RemixSource,
  type SpendPeriodDoc,
  type SpendShardDoc,
  type BudgetGuardDoc,
} from '@phoenix/core';
import { type BudgetWatchDeps, checkBudget } from '../budget/watch.ts';
import { ShardFullError, reserveBudget } from '../budget/reserve.ts';
import { oneAtATimePer, slots } from '../budget/slots.ts';
import { moneyTx } from '../firestore-tx.ts';
import { writeNotification } from '../notifications/write.ts';
import type { ImageTaskEnqueuer } from '../task-queue.ts';

export interface ImageJobDeps {
  db: Firestore;
  queue: ImageTaskEnqueuer;
  /** Watches the month's budget after an accept that may have moved it (alerts, degrade, scale-down). */
  budget?: Omit<BudgetWatchDeps, 'db'>;
  /** Epoch ms; the rate window, the day and the budget period read it. */
  nowMs?: () => number;
  /** The first budget shard to try, in [0, 1); random spreads accepts over the shards. */
  random?: () => number;
}

/**
 * Accepts an image request. One transaction checks everything and writes
 * everything, so a refused request writes and charges nothing:
 * - the live catalogue and limits (an admin's edits apply at once);
 * - the budget's level: from `degradeAt` of the cap, a pricier model runs
 *   on the cheapest that makes the asked size (`degradedFrom` records it);
 * - the caller's rate window, in-flight jobs and daily tokens, then the balance;
 * - the month's budget, reserved on a shard (core's spend.ts explains why
 *   that is exact under any concurrency);
 * - then the debit, the usage, the reservation and the job, together.
 * Then the job's task is enqueued. If that fails, the job is failed and
 * refunded and the caller hears `queue_unavailable`.
 *
 * With a `requestId` the job id is derived from it, so a retried call finds
 * the job the first one made: it is answered again, charged nothing more, and
 * its task enqueued again if it is still queued (a task that exists already
 * counts as enqueued), which also rescues a job whose first call died between
 * commit and enqueue.
 */
export async function acceptImageJob(
  deps: ImageJobDeps,
  uid: string,
  data: unknown,
): Promise<CreateImageJobResponse> {
  const { db, queue } = deps;
  const nowMs = (deps.nowMs ?? Date.now)();
  const { requestId, remixOf: remixedPostId, ...asked } = parseRequest(createImageJobRequestSchema, data);
  const modelGiven =
    typeof data === 'object' && data !== null && (data as { model?: unknown }).model !== undefined;
  const jobId = requestId ? jobIdForRequest(uid, requestId) : db.collection(collections.jobs).doc().id;
  const jobRef = db.doc(paths.job(jobId));
  const period = spendPeriod(nowMs);

  // A spent month refuses without a transaction: refusing never overspends, and the burst of
  // requests that meets a spent month then never contends with the accepts still landing. A
  // reservation released meanwhile is offered again once a budget check recomputes the level.
  const month = (await db.doc(paths.spendPeriod(period)).get()).data() as Partial<SpendPeriodDoc> | undefined;
  if (month?.level === 'exhausted' && !(requestId && (await jobRef.get()).exists)) {
    throw new PhoenixError('budget_exceeded');
  }
  const startShard = Math.floor((deps.random ?? Math.random)() * budgetShardCount);
  // The fast path first; a full shard abandons that transaction (it has written nothing) and the
  // accept runs again on the exact path, so no transaction holds one shard while waiting for others.
  const attempt = (mode: 'fast' | 'exact') =>
    db.runTransaction(async (tx) => {
      const t = moneyTx(db, tx);
      const existing = requestId ? ((await tx.get(jobRef)).data() as JobDoc | undefined) : undefined;
      const limits = limitsFrom((await t.get(paths.limits())) as Partial<Limits> | undefined);
      const catalogue = catalogueFrom((await t.get(paths.models())) as ModelsConfigDoc | undefined);
      const params = withCatalogueDefault(asked, modelGiven, catalogue);
      const plan = planAccept(existing, uid, params);
      if (plan.kind === 'replay') return { plan, reservation: null };
      const guard = (await t.get(paths.budgetGuard())) as Partial<BudgetGuardDoc> | undefined;
      const cheaper =
        month?.level === 'degraded' || month?.level === 'exhausted' ? degradedModel(catalogue, params) : null;
      const run = cheaper ? { ...params, model: cheaper.id as ImageModelId } : params;
      const quote = quoteImageJob(run, catalogue);
      const remixOf = remixedPostId ? await readRemixSource(tx, db, remixedPostId) : null;
      const account = await readAccountIn(t, uid);
      assertWithinUserLimits({ usage: account.usage, tokens: quote.tokens, limits, nowMs });
      assertAffordable(account.balance, quote);
      const reservation = await reserveBudget(t, {
        period,
        capMicroUsd: capMicroUsd(limits),
        estimateMicroUsd: quote.microUsd,
        startShard,
        mode:
          mode === 'fast' && fastPathOpen(guard, period) && month?.level !== 'exhausted' ? 'fast' : 'exact',
      });
      const balanceBefore = account.balance;
      const balanceAfter = moveTokens(
        t,
        account,
        {
          entryId: ledgerEntryIds.debit(jobId),
          kind: 'debit',
          tokens: -quote.tokens,
          jobId,
          reason: { code: 'job_accepted', count: run.count, model: run.model },
        },
        usageAfterAccept(account.usage, nowMs, quote.tokens, limits.rateLimitPerHour, jobId),
      );
      const job = newImageJob(uid, run, quote, FieldValue.serverTimestamp(), remixOf);
      tx.create(jobRef, {
        ...job,
        cost: { ...job.cost, billedCalls: 0, budget: { period, shares: reservation.shares } },
        degradedFrom: cheaper ? params.model : null,
      });
      // Told once per crossing below the threshold, by the debit that crossed it.
      const lowCredits = lowCreditsNotification(jobId, balanceBefore, balanceAfter);
      if (lowCredits) writeNotification(tx, db, uid, lowCredits);
      return { plan, reservation, lowestFraction: Math.min(limits.degradeAt, ...limits.alertThresholds) };
    }, acceptTransactionOptions);
  const accepted = await oneUserAtATime(uid, () =>
    acceptSlot(() =>
      attempt('fast').catch(async (error: unknown) => {
        if (!(error instanceof ShardFullError)) throw error;
        // Near the cap: a month already spent is refused from a plain read, so only the accepts that
        // may still fit take the exact path, which locks every shard.
        if (await monthIsSpent(db, period)) throw new PhoenixError('budget_exceeded');
        return attempt('exact');
      }),
    ),
  );
  const { plan, reservation } = accepted;
  if (plan.kind === 'replay' && plan.status !== 'queued') return { jobId };

  if (
    reservation &&
    'lowestFraction' in accepted &&
    shouldCheckBudget(reservation.fullness, accepted.lowestFraction)
  ) {
    // The accept stands whatever the check meets; the scheduled check catches up.
    await checkBudget({ db, ...deps.budget, nowMs: deps.nowMs }, period).catch((error: unknown) =>
      logger.error('budget check after accept failed', { jobId, error: String(error) }),
    );
  }

  try {
    await queue.enqueueImageJob(jobId);
  } catch (error) {
    logger.error('could not enqueue image job', { jobId, error: String(error) });
    await failUnqueuedJob(db, jobId);
    throw new PhoenixError('queue_unavailable');
  }
  return { jobId };
}

/**
 * A burst of accepts contends on the users' accounts and the budget shards;
 * the SDK's default of 5 attempts gives up on transactions that would
 * succeed after a short wait.
 */
const acceptTransactionOptions = { maxAttempts: 20 };

const acceptSlot = slots(acceptTransactionsPerInstance);
const oneUserAtATime = oneAtATimePer<string>();

/** Whether the month's reserved + settled spend has reached the cap, from reads outside any transaction. */
async function monthIsSpent(db: Firestore, period: string): Promise<boolean> {
  const [limits, shards] = await Promise.all([
    db.doc(paths.limits()).get(),
    db.collection(paths.spendShards(period)).get(),
  ]);
  const totals = sumShards(shards.docs.map((doc) => doc.data() as SpendShardDoc));
  const cap = capMicroUsd(limitsFrom(limits.data() as Partial<Limits> | undefined));
  return totals.reservedMicroUsd + totals.settledMicroUsd >= cap;
}

/** The source of a remix, when that post is still public; a gone or hidden one leaves no link. */
async function readRemixSource(tx: Transaction, db: Firestore, postId: string): Promise<RemixSource | null> {
  const post = (await tx.get(db.doc(paths.post(postId)))).data() as PostDoc | undefined;
  return post && post.hidden === false ? { postId, ownerUid: post.ownerUid } : null;
}

/**
 * Namespaced by the caller, so one user's request id can never reach another
 * user's job; 120 bits of a hash, in the alphabet task names accept.
 */
function jobIdForRequest(uid: string, requestId: string): string {
  return createHash('sha256').update(`${uid}/${requestId}`).digest('base64url').slice(0, 20);
}

/**
 * The compensation for a failed enqueue. Only a job still `queued` is failed:
 * if the enqueue did get through after all and a delivery already took the
 * job, the image service owns its ending.
 */
async function failUnqueuedJob(db: Firestore, jobId: string): Promise<void> {
  try {
    await db.runTransaction(async (tx) => {
      const snapshot = await tx.get(db.doc(paths.job(jobId)));
      const job = snapshot.data() as JobDoc | undefined;
      if (!job || job.status !== 'queued') return;
      const ending = planFailure(jobId, job, {
        code: 'queue_unavailable',
        message: errorCodes.queue_unavailable.message,
      });
      await applyJobEnding(moneyTx(db, tx), { jobId, job, ending, nowMs: Date.now() });
    });
  } catch (error) {
    // The job stays queued and debited; the deadline sweeper fails and refunds it.
    logger.error('could not refund a job that was never queued', { jobId, error: String(error) });
  }
}
