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
  collections,
  errorCodes,
  fastPathOpen,
  jobEndedFields,
  jobAcceptedFields,
  jobRefusedFields,
  ledgerEntryIds,
  limitsFrom,
  lowCreditsNotification,
  moveTokens,
  paths,
  planFailure,
  readJobStart,
  readAccountIn,
  shouldCheckBudget,
  spendPeriod,
  sumShards,
  usageAfterAccept,
  type BudgetGuardDoc,
  type DocumentTransaction,
  type JobDoc,
  type JobKind,
  type JobStatus,
  type LedgerReason,
  type Limits,
  type Quote,
  type SpendPeriodDoc,
  type SpendShardDoc,
} from '@phoenix/core';
import { type BudgetWatchDeps, checkBudget } from '../budget/watch.ts';
import { ShardFullError, reserveBudget } from '../budget/reserve.ts';
import { oneAtATimePer, slots } from '../budget/slots.ts';
import { moneyTx } from '@phoenix/server';
import { writeNotification } from '../notifications/write.ts';

export interface AcceptDeps {
  db: Firestore;
  /** Watches the month's budget after an accept that may have moved it (alerts, degrade, scale-down). */
  budget?: Omit<BudgetWatchDeps, 'db'>;
  /** Epoch ms; the rate window, the day and the budget period read it. */
  nowMs?: () => number;
  /** The first budget shard to try, in [0, 1); random spreads accepts over the shards. */
  random?: () => number;
}

/** What the kind's own checks see, inside the accept transaction. */
export interface AcceptContext {
  t: DocumentTransaction;
  tx: Transaction;
  limits: Limits;
  /** The month's budget level as last computed (absent before the first check). */
  monthLevel: SpendPeriodDoc['level'] | undefined;
  /** The job already stored under the request id, when the call is a retry. */
  existing: JobDoc | undefined;
}

/** A kind's answer to a request: answer the stored job again, or create this one. */
export type AcceptDecision =
  | { kind: 'replay'; status: JobStatus }
  | {
      kind: 'create';
      quote: Quote;
      debitReason: LedgerReason;
      /** The job document, given the server-time sentinel; the budget fields are added here. */
      job(now: FieldValue): object;
    };

export interface AcceptSpec {
  kind: JobKind;
  /** From the request id (see {@link jobIdForRequest}) or a fresh auto-id. */
  jobId: string;
  /** A request id was given: a stored job under it is this call's own, answered again. */
  replayable: boolean;
  /** The kind's checks (catalogue, request fit, sources) and its price, in the transaction. */
  decide(context: AcceptContext): Promise<AcceptDecision>;
  /** Creates the job's first task; a task that exists already counts as created. */
  enqueue(jobId: string): Promise<void>;
}

/**
 * Accepts a job of any kind. One transaction checks everything and writes
 * everything, so a refused request writes and charges nothing: the live
 * limits, the kind's own checks and price, the caller's rate window,
 * in-flight jobs and daily tokens, then the balance and the month's budget
 * (reserved on a shard; core's spend.ts explains why that is exact under any
 * concurrency); then the debit, the usage, the reservation and the job,
 * together. Then the job's task is enqueued. If that fails, the job is failed
 * and refunded and the caller hears `queue_unavailable`.
 *
 * A replayed request (same request id) is answered with the job the first
 * call made, charged nothing more, and its task enqueued again while it is
 * still queued, which also rescues a job whose first call died between
 * commit and enqueue.
 *
 * Every answer is logged as one `job_accepted` or `job_refused` line with
 * the time it took (core's telemetry.ts): the accept-latency and error-rate
 * alerts in monitoring/ are built on them.
 */
export async function acceptJob(deps: AcceptDeps, uid: string, spec: AcceptSpec): Promise<{ jobId: string }> {
  const startedMs = performance.now();
  try {
    const accepted = await acceptAndEnqueue(deps, uid, spec);
    logger.info('job accepted', {
      jobId: spec.jobId,
      ...jobAcceptedFields(spec.kind, performance.now() - startedMs),
    });
    return accepted;
  } catch (error) {
    const refused = jobRefusedFields(spec.kind, error, performance.now() - startedMs);
    if (refused.outcome === 'error') logger.warn('job refused', refused);
    else logger.info('job refused', refused);
    throw error;
  }
}

async function acceptAndEnqueue(deps: AcceptDeps, uid: string, spec: AcceptSpec): Promise<{ jobId: string }> {
  // The instance's own clock even when a test fixes `nowMs`: the Ops tab's accept latency reads it.
  const acceptStartedAtMs = Date.now();
  const { db } = deps;
  const { jobId } = spec;
  const nowMs = (deps.nowMs ?? Date.now)();
  const jobRef = db.doc(paths.job(jobId));
  const period = spendPeriod(nowMs);

  // A spent month refuses without a transaction: refusing never overspends, and the burst of
  // requests that meets a spent month then never contends with the accepts still landing. A
  // reservation released meanwhile is offered again once a budget check recomputes the level.
  const month = (await db.doc(paths.spendPeriod(period)).get()).data() as Partial<SpendPeriodDoc> | undefined;
  if (month?.level === 'exhausted' && !(spec.replayable && (await jobRef.get()).exists)) {
    throw new PhoenixError('budget_exceeded');
  }
  const startShard = Math.floor((deps.random ?? Math.random)() * budgetShardCount);
  // The fast path first; a full shard abandons that transaction (it has written nothing) and the
  // accept runs again on the exact path, so no transaction holds one shard while waiting for others.
  const attempt = (mode: 'fast' | 'exact') =>
    db.runTransaction(async (tx) => {
      const t = moneyTx(db, tx);
      // Every read an accept makes, in one round trip rather than one each: they were most of its latency.
      await t.prefetch([
        ...(spec.replayable ? [paths.job(jobId)] : []),
        paths.limits(),
        paths.models(),
        paths.budgetGuard(),
        paths.account(uid),
        paths.spendShard(period, startShard),
      ]);
      const existing = spec.replayable ? ((await t.get(paths.job(jobId))) as JobDoc | undefined) : undefined;
      const limits = limitsFrom((await t.get(paths.limits())) as Partial<Limits> | undefined);
      const decision = await spec.decide({ t, tx, limits, monthLevel: month?.level, existing });
      if (decision.kind === 'replay') return { decision, reservation: null, lowestFraction: 1 };
      const { quote } = decision;
      const guard = (await t.get(paths.budgetGuard())) as Partial<BudgetGuardDoc> | undefined;
      const account = await readAccountIn(t, uid);
      assertWithinUserLimits({ usage: account.usage, tokens: quote.tokens, limits, nowMs });
      assertAffordable(account.balance, quote, spec.kind);
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
          reason: decision.debitReason,
        },
        usageAfterAccept(account.usage, nowMs, quote.tokens, limits.rateLimitPerHour, jobId),
      );
      const job = decision.job(FieldValue.serverTimestamp()) as { cost: object };
      tx.create(jobRef, {
        ...job,
        acceptStartedAtMs,
        cost: { ...job.cost, billedCalls: 0, budget: { period, shares: reservation.shares } },
      });
      // Told once per crossing below the threshold, by the debit that crossed it.
      const lowCredits = lowCreditsNotification(jobId, balanceBefore, balanceAfter);
      if (lowCredits) writeNotification(tx, db, uid, lowCredits);
      return { decision, reservation, lowestFraction: Math.min(limits.degradeAt, ...limits.alertThresholds) };
    }, acceptTransactionOptions);
  const accepted = await oneUserAtATime(uid, () =>
    acceptSlot(() =>
      attempt('fast').catch(async (error: unknown) => {
        if (!(error instanceof ShardFullError)) throw error;
        // Near the cap: a month already spent is refused from a plain read (once this accept's turn
        // comes), so only the accepts that may still fit take the exact path, which locks every shard.
        return exactPathSlot(async () => {
          if (await monthIsSpent(db, period)) throw new PhoenixError('budget_exceeded');
          return attempt('exact');
        });
      }),
    ),
  ).catch((error: unknown) => {
    // Contention outlasted every retry: nothing was written, and the caller hears so plainly.
    if (gaveUpOnContention(error)) throw new PhoenixError('overloaded');
    throw error;
  });
  const { decision, reservation } = accepted;
  if (decision.kind === 'replay' && decision.status !== 'queued') return { jobId };

  if (reservation && shouldCheckBudget(reservation.fullness, accepted.lowestFraction)) {
    // The accept stands whatever the check meets; the scheduled check catches up.
    await checkBudget({ db, ...deps.budget, nowMs: deps.nowMs }, period).catch((error: unknown) =>
      logger.error('budget check after accept failed', { jobId, error: String(error) }),
    );
  }

  try {
    await spec.enqueue(jobId);
  } catch (error) {
    logger.error('could not enqueue job', { jobId, error: String(error) });
    await failUnqueuedJob(db, jobId);
    throw new PhoenixError('queue_unavailable');
  }
  return { jobId };
}

/** A fresh job id, or the one a request id names (see {@link jobIdForRequest}). */
export function newJobId(db: Firestore, uid: string, requestId: string | undefined): string {
  return requestId ? jobIdForRequest(uid, requestId) : db.collection(collections.jobs).doc().id;
}

/**
 * Namespaced by the caller, so one user's request id can never reach another
 * user's job; 120 bits of a hash, in the alphabet task names accept.
 */
function jobIdForRequest(uid: string, requestId: string): string {
  return createHash('sha256').update(`${uid}/${requestId}`).digest('base64url').slice(0, 20);
}

/**
 * A burst of accepts contends on the users' accounts and the budget shards;
 * the SDK's default of 5 attempts gives up on transactions that would
 * succeed after a short wait.
 */
const acceptTransactionOptions = { maxAttempts: 20 };

/**
 * A transaction that gave up on contention: the last attempt was ABORTED
 * (gRPC 10), or its transaction had expired while it waited on locks
 * (INVALID_ARGUMENT, gRPC 3: Firestore says "transaction has expired", which
 * the SDK itself retries as contention, and the emulator "Transaction is
 * invalid or expired"), or the SDK's backoff ran out of retries before
 * `maxAttempts`.
 */
function gaveUpOnContention(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  return (
    code === 10 ||
    (code === 3 && /transaction has expired|transaction is invalid or expired/i.test(text)) ||
    (error instanceof Error && text.startsWith('Exceeded maximum number of retries'))
  );
}

const acceptSlot = slots(acceptTransactionsPerInstance);
/**
 * Exact-path transactions all read every budget shard, so any two conflict:
 * run concurrently they only wait on each other's locks (the emulator gives
 * up on many). One at a time per instance, each commits at once.
 */
const exactPathSlot = slots(1);
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

/**
 * The compensation for a failed enqueue. Only a job still `queued` is failed:
 * if the enqueue did get through after all and a delivery already took the
 * job, the worker owns its ending.
 */
async function failUnqueuedJob(db: Firestore, jobId: string): Promise<void> {
  try {
    const ended = await db.runTransaction(async (tx) => {
      const snapshot = await tx.get(db.doc(paths.job(jobId)));
      const job = snapshot.data() as JobDoc | undefined;
      if (!job || job.status !== 'queued') return null;
      const ending = planFailure(jobId, job, {
        code: 'queue_unavailable',
        message: errorCodes.queue_unavailable.message,
      });
      const nowMs = Date.now();
      await applyJobEnding(moneyTx(db, tx), { jobId, job, ending, nowMs });
      return jobEndedFields(job.kind, 'failed', readJobStart(job), nowMs);
    });
    // The job's one `job_ended` line, once the ending committed.
    if (ended) logger.warn('job ended', { jobId, ...ended });
  } catch (error) {
    // The job stays queued and debited; the deadline sweeper fails and refunds it.
    logger.error('could not refund a job that was never queued', { jobId, error: String(error) });
  }
}
