import { FieldPath, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import {
  analyticsPageSize,
  analyticsPaths,
  analyticsTopRemixedLimit,
  analyticsWindows,
  collections,
  paths,
  topRemixed,
  topTerms,
  type PostDoc,
  type PromptTermsDoc,
  type RemixedPost,
  type TopRemixedDoc,
} from '@phoenix/core';

export interface RollupOptions {
  /** Posts read per query page. Default: core's `analyticsPageSize` (500). */
  pageSize?: number;
}

type ScannedPost = Pick<PostDoc<Timestamp>, 'prompt' | 'createdAt' | 'remixOf'>;

/**
 * Recomputes the admin console's analytics documents from the public posts
 * of the last 7 days (core's `analyticsWindows`): the top prompt terms today
 * and this week, and the most remixed posts. The three documents are written
 * in one batch, so the console never shows one window fresher than the other;
 * running it again at the same `nowMs` (epoch ms) writes the same documents.
 *
 * Reads only the fields it counts, newest first, a page at a time, each page
 * starting after the last one's (createdAt, id), so a busy week costs memory
 * for its prompts but never one oversized query.
 */
export async function rollUpAnalytics(
  db: Firestore,
  nowMs = Date.now(),
  options: RollupOptions = {},
): Promise<{ postsScanned: number }> {
  const pageSize = options.pageSize ?? analyticsPageSize;
  const windows = analyticsWindows(nowMs);
  // Served by the existing (hidden ASC, createdAt DESC) index on posts, the New feed's.
  const week = db
    .collection(collections.posts)
    .where('hidden', '==', false)
    .where('createdAt', '>=', Timestamp.fromMillis(windows.week.fromMs))
    .where('createdAt', '<=', Timestamp.fromMillis(windows.week.toMs))
    .orderBy('createdAt', 'desc')
    .orderBy(FieldPath.documentId(), 'desc')
    .select('prompt', 'createdAt', 'remixOf');

  const posts: ScannedPost[] = [];
  let after: [Timestamp, string] | undefined;
  for (;;) {
    const page = await (after ? week.startAfter(...after) : week).limit(pageSize).get();
    for (const doc of page.docs) posts.push(doc.data() as ScannedPost);
    const last = page.docs.at(-1);
    if (!last || page.size < pageSize) break;
    after = [last.get('createdAt') as Timestamp, last.id];
  }

  const today = posts.filter((post) => post.createdAt.toMillis() >= windows.today.fromMs);
  const computedAt = Timestamp.fromMillis(nowMs);
  const termsDoc = (window: 'today' | 'week', scanned: ScannedPost[]): PromptTermsDoc<Timestamp> => ({
    window,
    from: Timestamp.fromMillis(windows[window].fromMs),
    to: Timestamp.fromMillis(windows[window].toMs),
    terms: topTerms(scanned.map((post) => post.prompt)),
    postsScanned: scanned.length,
    computedAt,
  });
  // Counts the public remixes made this week, as the scan reads them: an old
  // post remixed often long ago but not this week does not rank, by design
  // (the console asks what people remix now, and all-time counts would need a
  // counter on every post).
  const remixed: TopRemixedDoc<Timestamp> = {
    posts: await describeSources(db, topRemixed(posts, Infinity)),
    from: Timestamp.fromMillis(windows.week.fromMs),
    to: Timestamp.fromMillis(windows.week.toMs),
    computedAt,
  };

  const batch = db.batch();
  batch.set(db.doc(analyticsPaths.promptTermsToday), termsDoc('today', today));
  batch.set(db.doc(analyticsPaths.promptTermsWeek), termsDoc('week', posts));
  batch.set(db.doc(analyticsPaths.topRemixed), remixed);
  await batch.commit();
  logger.info('analytics rolled up', { postsScanned: posts.length, postsToday: today.length });
  return { postsScanned: posts.length };
}

/**
 * The first `analyticsTopRemixedLimit` of `ranked` whose source post is still
 * public, with what the console shows of it. Reads the ranking a limit's worth
 * at a time, so hidden or deleted sources are replaced by the next ones.
 */
async function describeSources(
  db: Firestore,
  ranked: { postId: string; remixes: number }[],
): Promise<RemixedPost[]> {
  const described: RemixedPost[] = [];
  for (let start = 0; start < ranked.length && described.length < analyticsTopRemixedLimit;) {
    const chunk = ranked.slice(start, start + analyticsTopRemixedLimit);
    start += chunk.length;
    const sources = await db.getAll(...chunk.map((entry) => db.doc(paths.post(entry.postId))), {
      fieldMask: ['hidden', 'thumbUrl', 'prompt', 'ownerUid'],
    });
    chunk.forEach((entry, index) => {
      const source = sources[index]?.data() as Partial<PostDoc> | undefined;
      if (!source || source.hidden !== false || described.length >= analyticsTopRemixedLimit) return;
      const { thumbUrl, prompt, ownerUid } = source;
      // Firestore refuses undefined fields, so a field the source lacks is left out.
      described.push({
        ...entry,
        ...(thumbUrl === undefined ? {} : { thumbUrl }),
        ...(prompt === undefined ? {} : { prompt }),
        ...(ownerUid === undefined ? {} : { ownerUid }),
      });
    });
  }
  return described;
}
