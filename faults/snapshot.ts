import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  budgetShardCount,
  collections,
  paths,
  spendPeriod,
  type JobDoc,
  type LedgerEntryDoc,
  type PostDoc,
  type SpendShardDoc,
} from '@phoenix/core';
import type { Firestore } from 'firebase-admin/firestore';
import type { FaultSnapshot } from './invariants.ts';

/** The month's budget shards, summed: what the suite compares before and after a scenario. */
export async function spendTotals(
  db: Firestore,
): Promise<{ settledMicroUsd: number; reservedMicroUsd: number }> {
  const shards = await db.collection(paths.spendShards(spendPeriod(Date.now()))).get();
  let settledMicroUsd = 0;
  let reservedMicroUsd = 0;
  for (const doc of shards.docs.slice(0, budgetShardCount)) {
    const shard = doc.data() as Partial<SpendShardDoc>;
    settledMicroUsd += shard.settledMicroUsd ?? 0;
    reservedMicroUsd += shard.reservedMicroUsd ?? 0;
  }
  return { settledMicroUsd, reservedMicroUsd };
}

/** Reads back what a scenario's users own: accounts, ledgers, jobs, their posts and their media. */
export async function readSnapshot(options: {
  db: Firestore;
  s3: S3Client;
  bucket: string;
  publicBaseUrl: string;
  uids: string[];
  spendBefore: { settledMicroUsd: number; reservedMicroUsd: number };
}): Promise<FaultSnapshot> {
  const { db, uids } = options;
  const accounts: FaultSnapshot['accounts'] = new Map();
  const jobs: FaultSnapshot['jobs'] = [];
  await Promise.all(
    uids.map(async (uid) => {
      const [account, ledger, owned] = await Promise.all([
        db.doc(paths.account(uid)).get(),
        db.collection(paths.ledger(uid)).get(),
        db.collection(collections.jobs).where('uid', '==', uid).get(),
      ]);
      accounts.set(uid, {
        balance: (account.get('balance') as number | undefined) ?? 0,
        ledger: ledger.docs.map((doc) => ({ id: doc.id, entry: doc.data() as LedgerEntryDoc })),
      });
      jobs.push(...owned.docs.map((doc) => ({ id: doc.id, job: doc.data() as JobDoc })));
    }),
  );
  const posts: FaultSnapshot['posts'] = [];
  const jobIds = jobs.map(({ id }) => id);
  for (let start = 0; start < jobIds.length; start += 30) {
    const page = await db
      .collection(collections.posts)
      .where('jobId', 'in', jobIds.slice(start, start + 30))
      .get();
    posts.push(...page.docs.map((doc) => ({ id: doc.id, post: doc.data() as PostDoc })));
  }
  const after = await spendTotals(db);
  const objects = (
    await Promise.all(
      uids.flatMap((uid) =>
        ['images', 'videos'].map((folder) => listKeys(options.s3, options.bucket, `${folder}/${uid}/`)),
      ),
    )
  ).flat();
  return {
    accounts,
    jobs: jobs.sort((a, b) => a.id.localeCompare(b.id)),
    posts,
    spendDelta: {
      settledMicroUsd: after.settledMicroUsd - options.spendBefore.settledMicroUsd,
      reservedMicroUsd: after.reservedMicroUsd - options.spendBefore.reservedMicroUsd,
    },
    objects,
    publicBaseUrl: options.publicBaseUrl,
  };
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
