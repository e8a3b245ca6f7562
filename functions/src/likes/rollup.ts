import {
  FieldValue,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  likeRollupMarkerTtlMs,
  likeRollupReadAtMs,
  likeRollupSlotAfter,
  paths,
  planPostLikedBatch,
  postLikedNotificationId,
  shouldWriteRollup,
  sumLikeShards,
  type LikeShardDoc,
  type Liker,
  type PostLikedBatchDoc,
  type ProfileDoc,
} from '@phoenix/core';

/** A sharded like counter and where its total is written. */
export interface LikeCounter {
  /** The document holding the total; its shards and rollup markers live beneath it. */
  doc: string;
  /** The fields of the total and of the slot it was rolled up in (dotted paths allowed, merged). */
  write(total: number, slot: number): Record<string, unknown>;
  /** The slot last written, from the document's data. */
  writtenSlot(data: Record<string, unknown> | undefined): unknown;
  /** A post that is gone keeps no count; a profile not made yet gets just its count. */
  create: boolean;
  /** A post's rollup also tells its owner, in the same transaction (see {@link writeLikedBatch}). */
  likedBatch?: LikedBatch;
}

/** Who to tell about a post's new likes, and who liked in the call that rolls up. */
export interface LikedBatch {
  postId: string;
  ownerUid: string;
  /** Who liked in the call that won the rollup; null when that call was an unlike. */
  likerUid: string | null;
}

export const postLikeCounter = (postId: string, likedBatch?: LikedBatch): LikeCounter => ({
  doc: paths.post(postId),
  write: (total, slot) => ({ likeCount: total, likeCountSlot: slot }),
  writtenSlot: (data) => data?.likeCountSlot,
  create: false,
  ...(likedBatch ? { likedBatch } : {}),
});

export const likesReceivedCounter = (uid: string): LikeCounter => ({
  doc: paths.profile(uid),
  write: (total, slot) => ({ counts: { likesReceived: total, likesReceivedSlot: slot } }),
  writtenSlot: (data) => (data?.counts as Record<string, unknown> | undefined)?.likesReceivedSlot,
  create: true,
});

const grpcAlreadyExists = 6;

/**
 * Makes sure a rollup reads `counter`'s shards after a like committed by
 * `committedAtMs`: claims that like's slot, or returns at once when another
 * call holds it (that call's read comes after this commit). The winner waits
 * for the slot (at most about a second) and writes the sum, retrying once.
 * @returns whether this call claimed the slot.
 */
export async function ensureRollupAfter(
  db: Firestore,
  counter: LikeCounter,
  committedAtMs: number,
): Promise<boolean> {
  const slot = likeRollupSlotAfter(committedAtMs);
  try {
    await db.doc(paths.likeRollup(counter.doc, slot)).create({
      expireAt: new Date(committedAtMs + likeRollupMarkerTtlMs),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === grpcAlreadyExists) return false;
    throw error;
  }
  const wait = likeRollupReadAtMs(slot) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  try {
    await rollUp(db, counter, slot);
  } catch {
    await rollUp(db, counter, slot);
  }
  return true;
}

/**
 * Sums the shards in one consistent read and writes the total, unless a
 * rollup of a later slot (whose read was later) got there first.
 */
export async function rollUp(db: Firestore, counter: LikeCounter, slot: number): Promise<void> {
  const shards = await db.collection(paths.likeShards(counter.doc)).get();
  const total = sumLikeShards(shards.docs.map((shard) => shard.data() as Partial<LikeShardDoc>));
  const ref = db.doc(counter.doc);
  await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const batch = counter.likedBatch && (await readLikedBatch(tx, db, counter.likedBatch));
    if (!shouldWriteRollup(counter.writtenSlot(snapshot.data()), slot)) return;
    if (!snapshot.exists && !counter.create) return;
    tx.set(ref, counter.write(total, slot), { merge: true });
    if (batch) writeLikedBatch(tx, batch, (snapshot.get('likeCount') as number | undefined) ?? 0, total);
  });
}

interface LikedBatchInTransaction extends LikedBatch {
  liker: Liker | null;
  ref: DocumentReference;
  existing: PostLikedBatchDoc | undefined;
  ownerLikes: boolean;
  nowMs: number;
}

async function readLikedBatch(
  tx: Transaction,
  db: Firestore,
  batch: LikedBatch,
): Promise<LikedBatchInTransaction> {
  const nowMs = Date.now();
  const ref = db.doc(paths.notification(batch.ownerUid, postLikedNotificationId(batch.postId, nowMs)));
  // The liker's name is read here, once a second at most, not by every like.
  const namesLiker = batch.likerUid !== null && batch.likerUid !== batch.ownerUid;
  const [existing, ownLike, likerProfile] = await Promise.all([
    tx.get(ref),
    tx.get(db.doc(paths.like(batch.postId, batch.ownerUid))),
    namesLiker ? tx.get(db.doc(paths.profile(batch.likerUid!))) : undefined,
  ]);
  const likerName = (likerProfile?.data() as ProfileDoc | undefined)?.username ?? null;
  return {
    ...batch,
    liker: batch.likerUid === null ? null : { uid: batch.likerUid, name: likerName },
    ref,
    nowMs,
    existing: existing.data() as PostLikedBatchDoc | undefined,
    ownerLikes: ownLike.exists,
  };
}

/**
 * The owner's "ada and 3 others liked your image" for this post and hour,
 * written by the post's rollup rather than by each like: the rollup runs at
 * most once a second per post, so a burst of likes never turns the
 * notification into a hot document, and its count is the number of likes by
 * others the post gained this hour.
 */
function writeLikedBatch(
  tx: Transaction,
  batch: LikedBatchInTransaction,
  before: number,
  total: number,
): void {
  const plan = planPostLikedBatch({ ...batch, likeCountBefore: before, likeCountNow: total });
  if (!plan) return;
  tx.set(batch.ref, {
    ...plan.body,
    data: { ...plan.body.data, baseLikeCount: plan.baseLikeCount },
    updatedAt: FieldValue.serverTimestamp(),
  });
}

/**
 * The rollups a like needs. A failure is logged, not thrown: the like itself
 * is stored and counted in the shards, and the next like's rollup totals it.
 */
export async function rollUpAfterLike(
  db: Firestore,
  counters: LikeCounter[],
  committedAtMs: number,
): Promise<void> {
  await Promise.all(
    counters.map((counter) =>
      ensureRollupAfter(db, counter, committedAtMs).catch((error: unknown) => {
        logger.error('could not roll up a like counter', { counter: counter.doc, error: String(error) });
      }),
    ),
  );
}
