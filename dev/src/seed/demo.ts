import type { ImageRequest } from '@phoenix/core';
import { imageRequestDefaults } from '@phoenix/core';
import { type EmulatorEndpoints, PhoenixClient } from './phoenix-client.ts';

/** Everyone shares this password; the emulator holds nothing worth protecting. */
export const demoPassword = 'phoenix-demo';

const demoUsers: { email: string; requests: Partial<ImageRequest>[] }[] = [
  {
    email: 'ada@phoenix.test',
    requests: [
      { prompt: 'a red fox asleep in fresh snow, morning light', aspectRatio: '4:3', count: 2 },
      { prompt: 'neon koi fish swimming through a rainy city street', aspectRatio: '9:16', count: 1 },
    ],
  },
  {
    email: 'grace@phoenix.test',
    requests: [
      { prompt: 'a lighthouse on a cliff under a sky full of auroras', aspectRatio: '16:9', count: 2 },
      { prompt: 'isometric tiny greenhouse full of cacti, soft pastel', aspectRatio: '1:1', count: 1 },
    ],
  },
  {
    email: 'linus@phoenix.test',
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
  const results = await Promise.all(
    demoUsers.map(async ({ email, requests }) => {
      const client = PhoenixClient.connect(endpoints, `seed-${email}`);
      try {
        await client.signIn(email, demoPassword);
        await client.ensureAccount();
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
      } finally {
        await client.close();
      }
    }),
  );
  const jobs = results.flat();
  return {
    users: demoUsers.map((user) => user.email),
    posts: jobs.reduce((sum, job) => sum + job.outputs.length, 0),
    failed: jobs.filter((job) => job.status !== 'succeeded').length,
  };
}
