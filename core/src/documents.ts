import type { ErrorCode } from './errors.ts';
import type { AspectRatio, ImageRequest, ImageSize } from './image-request.ts';
import type { JobStatus } from './job-status.ts';
import type { LedgerReason } from './ledger-reasons.ts';
import type { OutputRecords } from './job-outputs.ts';
import type { HiddenReason } from './reports.ts';
import type { BudgetShare } from './spend.ts';
import type { VideoRequest } from './video-request.ts';

/**
 * Document shapes. `Time` is the SDK's Timestamp on read; core stays free of
 * SDKs, so it only asks for what every Timestamp has.
 */
export interface TimeLike {
  toMillis(): number;
}

export interface AccountDoc<Time = TimeLike> {
  /** Spendable tokens. Never negative: debits are checked in the same transaction. */
  balance: number;
  /** What the per-user limits count (see core's user-limits.ts); absent until the first job. */
  usage?: AccountUsage;
  createdAt: Time;
  updatedAt: Time;
}

/** The starting grant, a job's debit and its refund, and an admin's grant. */
export type LedgerKind = 'grant' | 'debit' | 'refund' | 'admin_grant';

/**
 * The per-user limits' state, kept on the account because every accept
 * writes the account anyway: no extra document, and concurrent accepts of one
 * user serialize on it, so the limits hold exactly.
 */
export interface AccountUsage {
  /** When the last accepted jobs were accepted (epoch ms), oldest first, at most the hourly limit's worth. */
  recentAcceptsMs: number[];
  /** The UTC day `dayTokens` counts, as `YYYY-MM-DD`. */
  day: string;
  /** Tokens debited on `day`, less the refunds of that day's jobs. */
  dayTokens: number;
  /**
   * The user's jobs still queued or running: added by the accept, removed by
   * the ending (a blind array removal, so an ending without a refund still
   * never reads the account). Absent on accounts from before it was kept.
   */
  inFlightJobIds?: string[];
}

export interface LedgerEntryDoc<Time = TimeLike> {
  kind: LedgerKind;
  /** Signed: debits are negative. */
  tokens: number;
  balanceAfter: number;
  jobId: string | null;
  /** Coded, so no service text reaches the user; `describeLedgerReason` renders it. */
  reason: LedgerReason;
  createdAt: Time;
}

export interface JobOutput {
  postId: string;
  imageUrl: string;
  thumbUrl: string;
  width: number;
  height: number;
  placeholder: string;
}

export interface JobError {
  code: ErrorCode;
  message: string;
}

/** What every kind of job has: its owner, status, money, lease and times. */
export interface JobBase<Time = TimeLike> {
  uid: string;
  status: JobStatus;
  /** The job's own quote and how it settled; settlement never reads today's catalogue. */
  cost: {
    /** Debited when the job was accepted, in tokens. */
    tokens: number;
    /** The quote's vendor cost, reserved against budgets when the job was accepted, in micro-USD. */
    reservedMicroUsd: number;
    /** Set when the job ends: the tokens it finally cost, after any refund. */
    tokensSettled: number | null;
    /** Set when the job ends: the share of the reservation settled as spent, in micro-USD. */
    settledMicroUsd: number | null;
    tokensRefunded: number;
    /**
     * Model calls Vertex billed, over every attempt (a retried call is paid
     * again); settlement charges the budget for these. Absent on jobs from
     * before it was kept.
     */
    billedCalls?: number;
    /** The budget period (`YYYY-MM`) and the shard shares the reservation holds; absent before budgets. */
    budget?: { period: string; shares: BudgetShare[] };
  };
  /** Deliveries that got as far as starting work (Cloud Tasks redelivers). */
  attempts: number;
  /** The delivery working on the job, so a duplicate delivery backs off. Renewed while it works. */
  lease: { holder: string; expiresAt: Time } | null;
  /**
   * Set when the last delivery Cloud Tasks will make found a live twin and
   * left the job to it: that holder must then end the job, never ask for a retry.
   */
  finalDeliveryAt: Time | null;
  error: JobError | null;
  /** How many outputs the model's safety filter removed. */
  filteredCount: number;
  processingTimeMs: number | null;
  createdAt: Time;
  /**
   * When the accept call began, by the accepting instance's clock (epoch ms):
   * with `createdAt`, the commit's time, it tells how long the accept took to
   * commit. Absent on jobs from before it was kept.
   */
  acceptStartedAtMs?: number;
  updatedAt: Time;
  startedAt: Time | null;
  finishedAt: Time | null;
}

export interface ImageJobDoc<Time = TimeLike> extends JobBase<Time> {
  kind: 'image';
  params: ImageRequest;
  /** The model the user asked for, when a nearly spent budget moved the job to a cheaper one. */
  degradedFrom?: string | null;
  /**
   * Each output, by index, as soon as it is stored (or filtered), so a retry
   * makes and pays for only the missing ones. Written only by the lease holder.
   */
  outputRecords: OutputRecords;
  /** The posts, set when the job succeeds. */
  outputs: JobOutput[];
  /** The post this job remixes, when it was made from one; copied onto its posts. */
  remixOf: RemixSource | null;
}

/** Any job: the kinds share status, money, lease and times, and differ in params and outputs. */
export type JobDoc<Time = TimeLike> = ImageJobDoc<Time> | VideoJobDoc<Time>;

/** What the video worker is doing while a video job is `running`. */
export const videoPhases = ['submitted', 'generating', 'finalizing'] as const;
export type VideoPhase = (typeof videoPhases)[number];

export interface VideoOutput {
  videoUrl: string;
  posterUrl: string;
  durationSeconds: number;
  width: number;
  height: number;
  bytes: number;
  /** A small WebP of the poster, for feed tiles. */
  thumbUrl: string;
  /** As on image posts: painted until the poster loads. */
  placeholder: string;
  dominantColor: string;
}

/**
 * A video job: the same money, lease and status fields as an image job, and
 * the Veo operation it follows. The operation name is stored before anything
 * else happens, so every later delivery resumes it and none starts another.
 */
export interface VideoJobDoc<Time = TimeLike> extends JobBase<Time> {
  kind: 'video';
  params: VideoRequest;
  /** Set while running: submitted, then generating, then finalizing. */
  phase: VideoPhase | null;
  /** While generating: time since submit, and the ETA from the model's recent runs. */
  progress: { elapsedMs: number; etaMs: number } | null;
  /** The Veo long-running operation; once set, never replaced. */
  operationName: string | null;
  /** When the operation was submitted, in epoch ms; elapsed time and latency count from it. */
  submittedAtMs: number | null;
  /** The first frame, when the video animates one of the owner's posts. */
  sourceImage: { postId: string; imageUrl: string } | null;
  outputs: VideoOutput[];
  /** Set once the owner published the draft to the feed. */
  publishedPostId: string | null;
  /** Set when the owner discarded the draft; its media are deleted and it leaves the drafts. */
  discardedAt?: Time | null;
}

/** Where a remix came from: the source post and its author, for "Remixed from @name". */
export interface RemixSource {
  postId: string;
  ownerUid: string;
}

/**
 * A feed entry. Public while `hidden` is false (the rules let only its owner
 * read it once hidden), so it carries public fields only.
 */
export interface PostDoc<Time = TimeLike> {
  /** A video post carries its poster in the image fields, so every feed card can paint it. */
  kind: 'image' | 'video';
  /** For a video post: the faststart MP4 the card plays. */
  video?: { videoUrl: string; durationSeconds: number; bytes: number };
  ownerUid: string;
  jobId: string;
  prompt: string;
  negativePrompt: string | null;
  aspectRatio: AspectRatio;
  model: string;
  seed: number | null;
  enhancePrompt: boolean;
  imageUrl: string;
  thumbUrl: string;
  width: number;
  height: number;
  /** A tiny inline image (data URI) shown until the real one loads. */
  placeholder: string;
  /** The image's dominant colour, as `#rrggbb`, painted before even the placeholder decodes. */
  dominantColor: string;
  /** The size the image was asked for, so a remix asks for the same. */
  imageSize: ImageSize;
  likeCount: number;
  /** Hidden posts leave the feed and the profile; see core's post-visibility.ts. */
  hidden: boolean;
  hiddenReason: HiddenReason | null;
  remixOf: RemixSource | null;
  createdAt: Time;
}
