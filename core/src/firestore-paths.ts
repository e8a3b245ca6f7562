/**
 * Every Firestore path the product uses, built in one place so the rules,
 * the servers and the web app agree. Ledger ids are derived from the job so
 * a second debit or refund for the same job collides instead of adding up.
 */
export const collections = {
  accounts: 'accounts',
  ledger: 'ledger',
  jobs: 'jobs',
  posts: 'posts',
  reports: 'reports',
  notifications: 'notifications',
  notificationItems: 'items',
  profiles: 'profiles',
  usernames: 'usernames',
  likes: 'likes',
  likeShards: 'likeShards',
  likeRollups: 'likeRollups',
  config: 'config',
  spend: 'spend',
  spendShards: 'shards',
  spendAlerts: 'alerts',
  grants: 'grants',
  scalingEvents: 'scalingEvents',
  videoModelStats: 'videoModelStats',
  queueBoards: 'queueBoards',
  ops: 'ops',
} as const;

export const paths = {
  account: (uid: string) => `${collections.accounts}/${uid}`,
  ledger: (uid: string) => `${collections.accounts}/${uid}/${collections.ledger}`,
  ledgerEntry: (uid: string, entryId: string) =>
    `${collections.accounts}/${uid}/${collections.ledger}/${entryId}`,
  job: (jobId: string) => `${collections.jobs}/${jobId}`,
  /** Where queued jobs of a kind stand in line (see queue-board.ts). */
  queueBoard: (kind: string) => `${collections.queueBoards}/${kind}`,
  /** A video model's recent Veo latencies, for ETAs; written once per finished video. */
  videoModelStats: (modelId: string) => `${collections.videoModelStats}/${modelId}`,
  post: (postId: string) => `${collections.posts}/${postId}`,
  /** One report per user per post: the id is the reporter's uid. */
  report: (postId: string, uid: string) => `${collections.posts}/${postId}/${collections.reports}/${uid}`,
  /** The owner's notification state (the read marker). */
  notificationState: (uid: string) => `${collections.notifications}/${uid}`,
  notifications: (uid: string) => `${collections.notifications}/${uid}/${collections.notificationItems}`,
  notification: (uid: string, id: string) =>
    `${collections.notifications}/${uid}/${collections.notificationItems}/${id}`,
  profile: (uid: string) => `${collections.profiles}/${uid}`,
  /** Keyed by the lowercase name (see `usernameKey`), so case variants collide. */
  username: (key: string) => `${collections.usernames}/${key}`,
  like: (postId: string, uid: string) => `${collections.posts}/${postId}/${collections.likes}/${uid}`,
  /** Shards and rollup markers of a counter live under the document that holds its total. */
  likeShards: (counterDoc: string) => `${counterDoc}/${collections.likeShards}`,
  likeRollup: (counterDoc: string, slot: number) => `${counterDoc}/${collections.likeRollups}/${slot}`,
  /** Admin-only: the limits (see core's limits.ts). */
  limits: () => `${collections.config}/limits`,
  /** Everyone: what the UI may know of the limits and the budget's level. */
  publicLimits: () => `${collections.config}/public`,
  /** Server only: whether this month's accepts may take the budget's fast path (core's spend.ts). */
  budgetGuard: () => `${collections.config}/budgetGuard`,
  /** Everyone: an admin's edits to the model catalogue. */
  models: () => `${collections.config}/models`,
  /** Admin-only: the month's budget level and scale-down state. */
  spendPeriod: (period: string) => `${collections.spend}/${period}`,
  spendShards: (period: string) => `${collections.spend}/${period}/${collections.spendShards}`,
  spendShard: (period: string, index: number) =>
    `${collections.spend}/${period}/${collections.spendShards}/${index}`,
  spendAlerts: (period: string) => `${collections.spend}/${period}/${collections.spendAlerts}`,
  spendAlert: (period: string, id: string) =>
    `${collections.spend}/${period}/${collections.spendAlerts}/${id}`,
  /** Server-only: one starting grant per verified address, keyed by the normalized address's hash. */
  grant: (emailHash: string) => `${collections.grants}/${emailHash}`,
  /** Admin-only: every change of a service's max instances (scale-down, restore, an admin's edit). */
  scalingEvents: () => `${collections.scalingEvents}`,
  /** Admin-only: the Ops tab's latency, error-rate and queue-depth rollup (core's ops-rollup.ts). */
  opsLatest: () => `${collections.ops}/latest`,
};

export const ledgerEntryIds = {
  startingGrant: 'grant_start',
  debit: (jobId: string) => `debit_${jobId}`,
  refund: (jobId: string) => `refund_${jobId}`,
  /** An admin grant's id comes from the request, so a retried grant books once. */
  adminGrant: (grantId: string) => `admin_${grantId}`,
};

/** One post per output, with an id the redelivered task would also pick. */
export function postIdFor(jobId: string, outputIndex: number): string {
  return `${jobId}_${outputIndex}`;
}
