import type { ImageRequest, JobDoc } from '@phoenix/core';
import { imageRequestDefaults, videoRequestDefaults } from '@phoenix/core';
import { type EmulatorEndpoints, PhoenixClient } from './phoenix-client.ts';

/** Everyone shares this password; the emulator holds nothing worth protecting. */
export const demoPassword = 'phoenix-demo';

/** The demo seed's admin (the `admin: true` claim), for the /admin console. */
export const demoAdminEmail = 'admin@phoenix.test';
/** 'admin' itself is reserved, so no user can pose as staff. */
export const demoAdminUsername = 'phoenix_team';

interface DemoUser {
  email: string;
  username: string;
  requests: Partial<ImageRequest>[];
  /** The prompt of one short video this user makes and publishes. */
  video?: string;
}

const demoUsers: DemoUser[] = [
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
    video: 'paper lanterns drifting up over a still lake at dusk, slow camera push',
  },
  {
    email: 'linus@phoenix.test',
    username: 'linus',
    requests: [{ prompt: 'a paper-craft dragon curled around a teacup', aspectRatio: '3:4', count: 2 }],
  },
];

/**
 * The cheapest video there is: 4 s without audio on the default (fast) model,
 * 12 of the 50 welcome tokens.
 */
const demoVideoRequest = { ...videoRequestDefaults, durationSeconds: 4, generateAudio: false } as const;

/**
 * The same request id on every seed, so seeding a stack again gets the same
 * job back (no second debit) and publishing it again answers the same post.
 */
const demoVideoRequestId = 'demo-seed-video-0001';

/** Submit, the worker's first poll (10 s on `npm start`'s timing) and the finishing, with room to spare. */
const demoVideoWaitMs = 120_000;

export interface SeedSummary {
  users: string[];
  posts: number;
  failed: number;
}

/**
 * Fills a fresh stack with demo users and posts by going through the real
 * pipeline, callable → Cloud Task → image service or video worker, exactly as
 * a user would.
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
 * Each demo user claims their name and makes their images (and one makes a
 * video and publishes it); then each likes the first image of the user after
 * them, so Top has an order to show.
 */
async function seedWith(clients: PhoenixClient[]): Promise<SeedSummary> {
  const results = await Promise.all(
    demoUsers.map(async ({ email, username, requests, video }, index) => {
      const client = clients[index]!;
      await client.signIn(email, demoPassword);
      await client.ensureAccount();
      await client.claimUsername(username);
      await client.followMyJobs();
      // The video takes longest, so it goes first and the images are made while it renders.
      const published = video ? publishDemoVideo(client, video) : undefined;
      const images = [];
      for (const [requestIndex, request] of requests.entries()) {
        // Fixed request ids: a seed run again answers the jobs it made instead of making (and charging) more.
        const jobId = await client.createImageJob(
          { ...imageRequestDefaults, prompt: '', ...request } as ImageRequest,
          `demo-seed-image-${username}-${requestIndex}`,
        );
        images.push(client.jobEnded(jobId));
      }
      return { images: await Promise.all(images), video: await published };
    }),
  );
  const firstPosts = results.map(
    ({ images }) => images.flatMap((job) => (job.kind === 'image' ? job.outputs : []))[0]?.postId,
  );
  await Promise.all(
    clients.map(async (client, index) => {
      const postId = firstPosts[(index + 1) % clients.length];
      if (postId) await client.setLike(postId, true);
    }),
  );
  const images = results.flatMap((result) => result.images);
  const videos = results.flatMap((result) => (result.video ? [result.video] : []));
  return {
    users: demoUsers.map((user) => user.email),
    posts:
      images.reduce((sum, job) => sum + job.outputs.length, 0) +
      videos.filter((video) => video.postId).length,
    failed: [...images, ...videos.map((video) => video.job)].filter((job) => job.status !== 'succeeded')
      .length,
  };
}

/** Makes the demo video through callable → task → video worker, and publishes it once it succeeded. */
async function publishDemoVideo(
  client: PhoenixClient,
  prompt: string,
): Promise<{ job: JobDoc; postId: string | undefined }> {
  const jobId = await client.createVideoJob({ ...demoVideoRequest, prompt }, demoVideoRequestId);
  const job = await client.jobEnded(jobId, demoVideoWaitMs);
  return { job, postId: job.status === 'succeeded' ? await client.publishVideo(jobId) : undefined };
}
