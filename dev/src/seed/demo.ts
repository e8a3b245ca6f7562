import type { ImageRequest } from '@phoenix/core';
import { imageRequestDefaults } from '@phoenix/core';
import { type EmulatorEndpoints, PhoenixClient } from './phoenix-client.ts';

/** Everyone shares this password; the emulator holds nothing worth protecting. */
export const demoPassword = 'phoenix-demo';

/** The demo seed's admin (the `admin: true` claim), for the /admin console. */
export const demoAdminEmail = 'admin@phoenix.test';
/** 'admin' itself is reserved, so no user can pose as staff. */
export const demoAdminUsername = 'phoenix_team';

const demoUsers: { email: string; username: string; requests: Partial<ImageRequest>[] }[] = [
  {
    email: 'ada@phoenix.test',
    username: 'ada',
    requests: [
      { prompt: 'a red fox asleep in fresh snow, morning light', aspectRatio: '4:3', count: 2 },
      { prompt: 'neon koi fish swimming through a rainy city street', aspectRatio: '9:16', count: 1 },
    ],
  },
  {
    email: 'grace@phoenix.test',
    username: 'grace',
    requests: [
      { prompt: 'a lighthouse on a cliff under a sky full of auroras', aspectRatio: '16:9', count: 2 },
      { prompt: 'isometric tiny greenhouse full of cacti, soft pastel', aspectRatio: '1:1', count: 1 },
    ],
  },
  {
    email: 'linus@phoenix.test',
    username: 'linus',
    requests: [{ prompt: 'a paper-craft dragon curled around a teacup', aspectRatio: '3:4', count: 2 }],
  },
];

export interface SeedSummary {
  users: string[];
  posts: number;
  failed: number;
}

/**
 * Fills a fresh stack with demo users and posts by going through the real
 * pipeline, callable → Cloud Task → image service, exactly as a user would.
 */
export async function seedDemo(endpoints: EmulatorEndpoints): Promise<SeedSummary> {
  const clients = demoUsers.map(({ email }) => PhoenixClient.connect(endpoints, `seed-${email}`));
  const admin = PhoenixClient.connect(endpoints, `seed-${demoAdminEmail}`);
  try {
    // The demo admin: signs in to /admin with the shared password.
    await admin.signIn(demoAdminEmail, demoPassword, { admin: true });
    await admin.ensureAccount();
    await admin.claimUsername(demoAdminUsername);
    return await seedWith(clients);
  } finally {
    await Promise.allSettled([...clients, admin].map((client) => client.close()));
  }
}

/**
 * Each demo user claims their name and makes their images; then each likes
 * the first image of the user after them, so Top has an order to show.
 */
async function seedWith(clients: PhoenixClient[]): Promise<SeedSummary> {
  const results = await Promise.all(
    demoUsers.map(async ({ email, username, requests }, index) => {
      const client = clients[index]!;
      await client.signIn(email, demoPassword);
      await client.ensureAccount();
      await client.claimUsername(username);
      await client.followMyJobs();
      const jobs = [];
      for (const request of requests) {
        const jobId = await client.createImageJob({
          ...imageRequestDefaults,
          prompt: '',
          ...request,
        } as ImageRequest);
        jobs.push(client.jobEnded(jobId));
      }
      return await Promise.all(jobs);
    }),
  );
  const firstPosts = results.map(
    (jobs) => jobs.flatMap((job) => (job.kind === 'image' ? job.outputs : []))[0]?.postId,
  );
  await Promise.all(
    clients.map(async (client, index) => {
      const postId = firstPosts[(index + 1) % clients.length];
      if (postId) await client.setLike(postId, true);
    }),
  );
  const jobs = results.flat();
  return {
    users: demoUsers.map((user) => user.email),
    posts: jobs.reduce((sum, job) => sum + job.outputs.length, 0),
    failed: jobs.filter((job) => job.status !== 'succeeded').length,
  };
}
