import type { AccountDoc, AccountUsage, JobDoc, LedgerKind, TimeLike } from './documents.ts';
import { paths } from './firestore-paths.ts';
import type { JobEnding } from './job-settlement.ts';
import type { LedgerReason } from './ledger-reasons.ts';
import { jobEndingNotification } from './notifications.ts';
import { emptyShard, settleOnShard, splitSettlement, utcDay, type SpendShardDoc } from './spend.ts';
import { usageAfterRefund } from './user-limits.ts';

/**
 * The one implementation of token movement (debit, refund, grant, admin
 * grant) and of a job's ending (refund, budget settlement, notification),
 * shared by the callables and the image service. It works through
 * {@link DocumentTransaction}, the slice of a Firestore transaction it
 * needs, so core stays free of SDKs and both adapters run the same code.
 */
export interface DocumentTransaction {
  /** The document's data, or undefined when it does not exist. Reads come before writes. */
  get(path: string): Promise<unknown>;
  /**
   * Reads `paths` in one round trip; a later `get` of one of them answers
   * from that read. For a transaction that knows its reads up front, which
   * would otherwise wait for each in turn.
   */
  prefetch(paths: readonly string[]): Promise<void>;
  /** Fails the transaction if the document exists: what makes a ledger line happen once. */
  create(path: string, data: object): void;
  update(path: string, data: object): void;
  set(path: string, data: object): void;
  /** The writer's server-time sentinel. */
  serverTime(): unknown;
  /** The writer's sentinel that removes `value` from an array field without reading it. */
  arrayRemove(value: string): unknown;
}

/** Builds a {@link DocumentTransaction} over a Firestore transaction (`doc` turns a path into a reference). */
export function documentTransaction<Ref>(
  tx: {
    get(ref: Ref): Promise<{ data(): unknown }>;
    getAll(...refs: Ref[]): Promise<{ data(): unknown }[]>;
    create(ref: Ref, data: never): unknown;
    update(ref: Ref, data: never): unknown;
    set(ref: Ref, data: never): unknown;
  },
  doc: (path: string) => Ref,
  sentinels: { serverTime: () => unknown; arrayRemove: (value: string) => unknown },
): DocumentTransaction {
  // Snapshots, not their data: each `get` then hands out a fresh copy, as an SDK read would.
  const prefetched = new Map<string, { data(): unknown }>();
  return {
    arrayRemove: sentinels.arrayRemove,
    serverTime: sentinels.serverTime,
    get: async (path) => (prefetched.get(path) ?? (await tx.get(doc(path)))).data(),
    prefetch: async (paths) => {
      const wanted = [...new Set(paths)].filter((path) => !prefetched.has(path));
      if (wanted.length === 0) return;
      const snapshots = await tx.getAll(...wanted.map(doc));
      wanted.forEach((path, index) => prefetched.set(path, snapshots[index]!));
    },
    create: (path, data) => void tx.create(doc(path), data as never),
    update: (path, data) => void tx.update(doc(path), data as never),
    set: (path, data) => void tx.set(doc(path), data as never),
  };
}

/** A user's account as one transaction read it. */
export interface AccountInTransaction {
  uid: string;
  exists: boolean;
  /** Spendable tokens; 0 for an account that does not exist yet. */
  balance: number;
  usage: AccountUsage | undefined;
}

export async function readAccountIn(t: DocumentTransaction, uid: string): Promise<AccountInTransaction> {
  const account = (await t.get(paths.account(uid))) as AccountDoc | undefined;
  return { uid, exists: Boolean(account), balance: account?.balance ?? 0, usage: account?.usage };
}

/** A movement of tokens: `tokens` is signed (debits negative); `entryId` makes it happen at most once. */
export interface TokenMovement {
  entryId: string;
  kind: LedgerKind;
  tokens: number;
  jobId: string | null;
  reason: LedgerReason;
}

/**
 * Books `movement` on the account read in `t`: the new balance (and `usage`,
 * when given) and a ledger line created, not set, under an id derived from
 * its cause, so a second debit, refund or grant of one cause fails the
 * transaction instead of adding up. An account that does not exist yet is
 * created. Returns the balance after the movement.
 */
export function moveTokens(
  t: DocumentTransaction,
  account: AccountInTransaction,
  movement: TokenMovement,
  usage?: AccountUsage,
): number {
  const balanceAfter = account.balance + movement.tokens;
  if (balanceAfter < 0) throw new RangeError(`account ${account.uid} would go below zero`);
  const now = t.serverTime();
  const fields = { balance: balanceAfter, updatedAt: now, ...(usage ? { usage } : {}) };
  if (account.exists) t.update(paths.account(account.uid), fields);
  else t.create(paths.account(account.uid), { ...fields, createdAt: now });
  t.create(paths.ledgerEntry(account.uid, movement.entryId), {
    kind: movement.kind,
    tokens: movement.tokens,
    balanceAfter,
    jobId: movement.jobId,
    reason: movement.reason,
    createdAt: now,
  });
  // Later movements in the same transaction start from here.
  Object.assign(account, { exists: true, balance: balanceAfter, usage: usage ?? account.usage });
  return balanceAfter;
}

/** Any kind of job: both kinds name their model in `params`; jobs from before kinds have none. */
type EndedJob = Pick<JobDoc<TimeLike>, 'uid' | 'cost' | 'createdAt'> &
  Partial<Pick<JobDoc<TimeLike>, 'kind'>> & { params: { model: string } };

/**
 * Applies a core job ending inside the transaction that read the job and
 * found it may end: the refund with its ledger line (and the refunded tokens
 * taken off the day's usage), the budget shard's reservation released and
 * what Vertex billed settled (over its shares), the job's new fields, and the owner's
 * notification land together or not at all. It reads the account (only when
 * there is a refund, so a user's concurrent successes do not contend on it)
 * and the shard, so call it before the transaction's own writes.
 */
export async function applyJobEnding(
  t: DocumentTransaction,
  ended: { jobId: string; job: EndedJob; ending: JobEnding; nowMs: number },
): Promise<void> {
  const { jobId, job, ending, nowMs } = ended;
  const account = ending.refundTokens > 0 ? await readAccountIn(t, job.uid) : undefined;
  const budget = job.cost.budget;
  const shares = budget?.shares ?? [];
  const shards = await Promise.all(
    shares.map(
      async (share) =>
        ((await t.get(paths.spendShard(budget!.period, share.shard))) as SpendShardDoc | undefined) ??
        emptyShard(),
    ),
  );

  if (account) {
    // The job was debited from this account, so it must be there; refunding into
    // a freshly made one would create an account out of nothing.
    if (!account.exists) throw new Error(`account ${job.uid} is missing, so job ${jobId} cannot be refunded`);
    moveTokens(
      t,
      account,
      {
        entryId: ending.refundLedgerId,
        kind: 'refund',
        tokens: ending.refundTokens,
        jobId,
        reason: ending.refundReason,
      },
      usageAfterRefund(account.usage, jobId, job.createdAt.toMillis(), nowMs, ending.refundTokens),
    );
  } else if (budget) {
    // No refund, so no read of the account: the job leaves the in-flight list
    // blindly. (Jobs accepted with a budget reservation are the ones the
    // accept put on that list, on an account that exists.)
    t.update(paths.account(job.uid), { 'usage.inFlightJobIds': t.arrayRemove(jobId) });
  }
  const settled = splitSettlement(shares, ending.jobPatch.cost.settledMicroUsd ?? 0);
  shares.forEach((share, position) => {
    t.set(
      paths.spendShard(budget!.period, share.shard),
      settleOnShard(shards[position]!, {
        reservedMicroUsd: share.microUsd,
        settledMicroUsd: settled[position]!,
        day: utcDay(nowMs),
        model: job.params.model,
        outputs: position === 0 ? (ending.jobPatch.outputs?.length ?? 0) : 0,
      }),
    );
  });
  const now = t.serverTime();
  t.update(paths.job(jobId), { ...ending.jobPatch, updatedAt: now, finishedAt: now });
  const notice = jobEndingNotification(jobId, ending, job.kind);
  t.set(paths.notification(job.uid, notice.id), { ...notice.body, updatedAt: now });
}
