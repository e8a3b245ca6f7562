import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { paths, type PostDoc } from '@phoenix/core';

/** A visible image post with the fields the image service writes (runner/src/image/job-store.ts). */
export function benchPost(
  ownerUid: string,
  index: number,
  media: { imageUrl: string; thumbUrl: string; width: number; height: number },
): Omit<PostDoc, 'createdAt'> & { createdAt: FieldValue } {
  return {
    kind: 'image',
    ownerUid,
    jobId: `bench-job-${index}`,
    prompt: `bench: a paper lantern over water, take ${index}`,
    negativePrompt: null,
    aspectRatio: '1:1',
    model: 'gemini-3.1-flash-image',
    seed: null,
    enhancePrompt: false,
    ...media,
    placeholder: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
    dominantColor: '#c0392b',
    imageSize: '1K',
    likeCount: 0,
    hidden: false,
    hiddenReason: null,
    remixOf: null,
    createdAt: FieldValue.serverTimestamp(),
  };
}

/** Writes `count` posts by one author, one after another, so each has its own createdAt. */
export async function seedPosts(
  db: Firestore,
  count: number,
  media: Parameters<typeof benchPost>[2],
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const postId = `bench-feed-${String(index).padStart(3, '0')}`;
    await db.doc(paths.post(postId)).set(benchPost('bench-author', index, media));
    ids.push(postId);
  }
  return ids;
}

/** Empties the Firestore emulator's database (its REST reset), so one part's documents do not feed the next. */
export async function clearFirestore(host: string, projectId: string): Promise<void> {
  const response = await fetch(
    `http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`,
    { method: 'DELETE' },
  );
  if (!response.ok) throw new Error(`could not clear the Firestore emulator: HTTP ${response.status}`);
}
