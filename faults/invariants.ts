import {
  isTerminal,
  ledgerEntryIds,
  outputsAsked,
  type JobDoc,
  type LedgerEntryDoc,
  type PostDoc,
} from '@phoenix/core';

/** What one scenario left behind, read back from Firestore and R2 once every job ended. */
export interface FaultSnapshot {
  /** Each user's balance and ledger, by uid. */
  accounts: Map<string, { balance: number; ledger: { id: string; entry: LedgerEntryDoc }[] }>;
  jobs: { id: string; job: JobDoc }[];
  /** The posts whose job is one of `jobs`. */
  posts: { id: string; post: PostDoc }[];
  /** The month's budget shards after the scenario minus before it (nothing else ran meanwhile). */
  spendDelta: { settledMicroUsd: number; reservedMicroUsd: number };
  /** Every R2 key under the users' media folders. */
  objects: string[];
  /** What a stored key's public URL starts with. */
  publicBaseUrl: string;
}

export interface InvariantResult {
  name: string;
  held: boolean;
  /** What broke it, one line per case; empty when it held. */
  problems: string[];
}

export interface InvariantReport {
  results: InvariantResult[];
  /** Stored media no job or post refers to: listed for cleanup, not a failure. */
  orphans: string[];
}

/** The promises, checked over one scenario's data. */
export function checkInvariants(snapshot: FaultSnapshot): InvariantReport {
  const referenced = referencedKeys(snapshot);
  const stored = new Set(snapshot.objects);
  const results = [
    result('every job ended', allEnded(snapshot)),
    result('each ledger sums to its balance', ledgersSum(snapshot)),
    result('one debit per job, at most one refund', debitsAndRefunds(snapshot)),
    result('no job has more than its outputs', outputsWithinAsked(snapshot)),
    result('no post duplicated or missing', postsMatchOutputs(snapshot)),
    result('settled spend equals the sum over the jobs', spendMatches(snapshot)),
    result(
      'every referenced object exists',
      [...referenced].filter((key) => !stored.has(key)).map((key) => `${key} is referenced but not stored`),
    ),
  ];
  return { results, orphans: snapshot.objects.filter((key) => !referenced.has(key)).sort() };
}

const result = (name: string, problems: string[]): InvariantResult => ({
  name,
  held: problems.length === 0,
  problems,
});

function allEnded({ jobs }: FaultSnapshot): string[] {
  return jobs.filter(({ job }) => !isTerminal(job.status)).map(({ id, job }) => `${id} is ${job.status}`);
}

function ledgersSum({ accounts }: FaultSnapshot): string[] {
  return [...accounts].flatMap(([uid, { balance, ledger }]) => {
    const sum = ledger.reduce((total, { entry }) => total + entry.tokens, 0);
    return sum === balance ? [] : [`${uid}: ledger sums to ${sum}, balance is ${balance}`];
  });
}

function debitsAndRefunds({ accounts, jobs }: FaultSnapshot): string[] {
  const problems: string[] = [];
  const jobIds = new Set(jobs.map(({ id }) => id));
  for (const [uid, { ledger }] of accounts) {
    for (const { id, entry } of ledger) {
      if ((entry.kind === 'debit' || entry.kind === 'refund') && !jobIds.has(entry.jobId ?? '')) {
        problems.push(`${uid}: ${id} moves tokens for a job that does not exist (${entry.jobId})`);
      }
    }
  }
  for (const { id, job } of jobs) {
    const ledger = accounts.get(job.uid)?.ledger ?? [];
    const debits = ledger.filter(({ entry }) => entry.kind === 'debit' && entry.jobId === id);
    const refunds = ledger.filter(({ entry }) => entry.kind === 'refund' && entry.jobId === id);
    if (debits.length !== 1 || debits[0]!.id !== ledgerEntryIds.debit(id)) {
      problems.push(`${id}: ${debits.length} debits`);
    } else if (debits[0]!.entry.tokens !== -job.cost.tokens) {
      problems.push(`${id}: debited ${-debits[0]!.entry.tokens}, quoted ${job.cost.tokens}`);
    }
    if (refunds.length > 1) problems.push(`${id}: ${refunds.length} refunds`);
    const refunded = refunds.reduce((total, { entry }) => total + entry.tokens, 0);
    if (refunded !== job.cost.tokensRefunded) {
      problems.push(`${id}: refunded ${refunded} in the ledger, ${job.cost.tokensRefunded} on the job`);
    }
    if (refunded > job.cost.tokens)
      problems.push(`${id}: refunded ${refunded} of a ${job.cost.tokens} debit`);
  }
  return problems;
}

function outputsWithinAsked({ jobs }: FaultSnapshot): string[] {
  return jobs.flatMap(({ id, job }) => {
    const asked = outputsAsked(job);
    if (job.outputs.length > asked) return [`${id}: ${job.outputs.length} outputs of ${asked} asked`];
    if (job.status === 'succeeded' && job.outputs.length === 0) return [`${id}: succeeded with no output`];
    return [];
  });
}

function postsMatchOutputs({ jobs, posts }: FaultSnapshot): string[] {
  const problems: string[] = [];
  const byJob = Map.groupBy(posts, ({ post }) => post.jobId);
  for (const { id, job } of jobs) {
    const own = byJob.get(id) ?? [];
    const urls = own.map(({ post }) => post.imageUrl);
    if (new Set(urls).size !== urls.length) problems.push(`${id}: two posts show the same image`);
    if (job.kind === 'image') {
      const expected = new Set(job.outputs.map((output) => output.postId));
      const actual = new Set(own.map(({ id: postId }) => postId));
      for (const postId of expected) if (!actual.has(postId)) problems.push(`${id}: post ${postId} missing`);
      for (const postId of actual) if (!expected.has(postId)) problems.push(`${id}: post ${postId} extra`);
    } else if (own.length > 1) {
      problems.push(`${id}: ${own.length} posts of one video`);
    }
  }
  return problems;
}

function spendMatches({ jobs, spendDelta }: FaultSnapshot): string[] {
  const settled = jobs.reduce((total, { job }) => total + (job.cost.settledMicroUsd ?? 0), 0);
  const problems: string[] = [];
  if (settled !== spendDelta.settledMicroUsd) {
    problems.push(`the shards settled ${spendDelta.settledMicroUsd} µ$, the jobs ${settled} µ$`);
  }
  if (spendDelta.reservedMicroUsd !== 0) {
    problems.push(`${spendDelta.reservedMicroUsd} µ$ still reserved after every job ended`);
  }
  return problems;
}

/** The R2 keys the jobs and posts point at. */
function referencedKeys({ jobs, posts, publicBaseUrl }: FaultSnapshot): Set<string> {
  const base = publicBaseUrl.replace(/\/*$/, '/');
  const urls = [
    ...jobs.flatMap(({ job }) =>
      job.kind === 'image'
        ? job.outputs.flatMap((output) => [output.imageUrl, output.thumbUrl])
        : job.outputs.flatMap((output) => [output.videoUrl, output.posterUrl, output.thumbUrl]),
    ),
    ...posts.flatMap(({ post }) => [
      post.imageUrl,
      post.thumbUrl,
      ...(post.video ? [post.video.videoUrl] : []),
    ]),
  ];
  return new Set(urls.filter((url) => url.startsWith(base)).map((url) => url.slice(base.length)));
}
