import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import {
  PhoenixError,
  collections,
  jobQueuePositionRequestSchema,
  parseRequest,
  paths,
  type JobDoc,
  type JobQueuePositionResponse,
} from '@phoenix/core';

/**
 * How many image jobs are queued ahead of the caller's own queued job. A
 * count aggregation over the (kind, status, createdAt) index: no document is
 * read, and nothing shared is written on every job, so no counter turns hot.
 */
export async function queuePositionOf(
  db: Firestore,
  uid: string,
  data: unknown,
): Promise<JobQueuePositionResponse> {
  const { jobId } = parseRequest(jobQueuePositionRequestSchema, data);
  const snapshot = await db.doc(paths.job(jobId)).get();
  if (!snapshot.exists) throw new PhoenixError('not_found');
  const job = snapshot.data() as JobDoc<Timestamp>;
  if (job.uid !== uid) throw new PhoenixError('permission_denied');
  if (job.status !== 'queued') return { status: job.status, ahead: null };

  const ahead = await db
    .collection(collections.jobs)
    .where('kind', '==', job.kind)
    .where('status', '==', 'queued')
    .where('createdAt', '<', job.createdAt)
    .count()
    .get();
  return { status: 'queued', ahead: ahead.data().count };
}
