import type { Firestore, Transaction } from 'firebase-admin/firestore';
import {
  catalogueFrom,
  degradedModel,
  jobKinds,
  newImageJob,
  parseRequest,
  paths,
  planAccept,
  quoteImageJob,
  withCatalogueDefault,
  type CreateImageJobResponse,
  type ImageModelId,
  type ModelsConfigDoc,
  type PostDoc,
  type RemixSource,
} from '@phoenix/core';
import { acceptJob, newJobId, type AcceptDeps } from '../jobs/accept.ts';
import type { ImageTaskEnqueuer } from '../task-queue.ts';

export interface ImageJobDeps extends AcceptDeps {
  queue: ImageTaskEnqueuer;
}

/**
 * Accepts an image request through the shared accept (see `acceptJob`),
 * with the image's own checks in its transaction: the live catalogue (an
 * admin's edits apply at once), and from `degradeAt` of the cap a pricier
 * model runs on the cheapest that makes the asked size (`degradedFrom`
 * records it); the remixed post is linked while it is still public.
 */
export async function acceptImageJob(
  deps: ImageJobDeps,
  uid: string,
  data: unknown,
): Promise<CreateImageJobResponse> {
  const { db, queue } = deps;
  const { requestId, remixOf: remixedPostId, ...asked } = parseRequest(jobKinds.image.requestSchema, data);
  const modelGiven =
    typeof data === 'object' && data !== null && (data as { model?: unknown }).model !== undefined;
  return acceptJob(deps, uid, {
    kind: 'image',
    jobId: newJobId(db, uid, requestId),
    replayable: requestId !== undefined,
    enqueue: (jobId) => queue.enqueueImageJob(jobId),
    async decide({ t, tx, monthLevel, existing }) {
      const catalogue = catalogueFrom((await t.get(paths.models())) as ModelsConfigDoc | undefined);
      const params = withCatalogueDefault(asked, modelGiven, catalogue);
      const plan = planAccept('image', existing, uid, params);
      if (plan.kind === 'replay') return plan;
      const cheaper =
        monthLevel === 'degraded' || monthLevel === 'exhausted' ? degradedModel(catalogue, params) : null;
      const run = cheaper ? { ...params, model: cheaper.id as ImageModelId } : params;
      const quote = quoteImageJob(run, catalogue);
      const remixOf = remixedPostId ? await readRemixSource(tx, db, remixedPostId) : null;
      return {
        kind: 'create',
        quote,
        debitReason: { code: 'job_accepted', count: run.count, model: run.model },
        job: (now) => ({
          ...newImageJob(uid, run, quote, now, remixOf),
          degradedFrom: cheaper ? params.model : null,
        }),
      };
    },
  });
}

/** The source of a remix, when that post is still public; a gone or hidden one leaves no link. */
async function readRemixSource(tx: Transaction, db: Firestore, postId: string): Promise<RemixSource | null> {
  const post = (await tx.get(db.doc(paths.post(postId)))).data() as PostDoc | undefined;
  return post && post.hidden === false ? { postId, ownerUid: post.ownerUid } : null;
}
