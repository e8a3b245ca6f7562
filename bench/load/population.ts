import { randomUUID } from 'node:crypto';
import { imageRequestDefaults, type ImageRequest } from '@phoenix/core';
import { getFunctions, httpsCallable } from 'firebase/functions';
import { PhoenixClient, type EmulatorEndpoints } from '../../dev/src/seed/phoenix-client.ts';

const password = 'load-password';

/** A signed-in user with a live listener on their jobs. */
export interface LoadUser {
  client: PhoenixClient;
  uid: string;
  email: string;
}

/** Runs `work` over `items`, `width` at a time: each sign-up starts a Functions emulator worker. */
async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width)
    results.push(...(await Promise.all(items.slice(start, start + width).map(work))));
  return results;
}

export async function signInUsers(endpoints: EmulatorEndpoints, count: number): Promise<LoadUser[]> {
  return inBatches(
    Array.from({ length: count }, (_, index) => index),
    4,
    async (index) => {
      const email = `load-${index}@example.com`;
      const client = PhoenixClient.connect(endpoints, `load-user-${index}`);
      const user = await client.signIn(email, password);
      await client.ensureAccount();
      await client.followMyJobs();
      return { client, uid: user.uid, email };
    },
  );
}

export async function signInAdmin(endpoints: EmulatorEndpoints): Promise<PhoenixClient> {
  const admin = PhoenixClient.connect(endpoints, 'load-admin');
  await admin.signIn('load-admin@example.com', password, { admin: true });
  return admin;
}

/** Calls a callable as this client; the admin's reads and grants have no method on PhoenixClient. */
export async function call<Result>(client: PhoenixClient, name: string, data: unknown): Promise<Result> {
  return (await httpsCallable<unknown, Result>(getFunctions(client.app), name)(data)).data;
}

/** The admin tops every user up, as support would, so the starting grant never ends the run. */
export async function grantTokens(admin: PhoenixClient, users: readonly LoadUser[], tokens: number) {
  await inBatches(users, 4, (user) =>
    call(admin, 'grantTokens', {
      uid: user.uid,
      tokens,
      reason: 'load test credit',
      requestId: randomUUID(),
    }),
  );
}

/** What every load generation asks for: the create page's defaults. */
export function loadImageRequest(prompt: string): ImageRequest {
  return { ...imageRequestDefaults, prompt } as ImageRequest;
}

/**
 * Posts for the likes, made through the pipeline by the first user: each
 * job asks for 4 images, and each image it makes becomes a post.
 */
export async function makeSeedPosts(owner: LoadUser, jobs: number): Promise<string[]> {
  const ended = await Promise.all(
    Array.from({ length: jobs }, async (_, index) => {
      const jobId = await owner.client.createImageJob({
        ...loadImageRequest(`load seed: a paper boat on a pond, take ${index}`),
        count: 4,
      });
      return owner.client.jobEnded(jobId, 180_000);
    }),
  );
  const posts = ended.flatMap((job) =>
    job.kind === 'image' ? job.outputs.map((output) => output.postId) : [],
  );
  if (posts.length === 0)
    throw new Error(
      `no seed post was made: ${ended.map((job) => `${job.status} ${job.error?.code ?? ''}`).join(', ')}`,
    );
  return posts;
}
