import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../dev/src/cloud-tasks/test-harness.ts';
import { uniquePrefix } from './support/stack.ts';
import { startVideoWorkerFixture, type VideoWorkerFixture } from './video-worker.fixture.ts';

let fixture: VideoWorkerFixture;
beforeAll(async () => {
  fixture = await startVideoWorkerFixture({ design: 'held-slot' });
});
afterAll(async () => {
  await fixture?.close();
});

describe('the video worker, held-slot design', () => {
  it('keeps one delivery on the job until the video is stored: no poll tasks, one Veo job', async () => {
    const uid = await fixture.newUser();
    const marker = uniquePrefix('held');
    const jobId = await fixture.createVideoJob(uid, {
      prompt: `a lighthouse beam sweeping fog ${marker} [fake: veo-ms=1500]`,
      durationSeconds: 4,
    });
    const { job, phases } = await fixture.waitForEnd(jobId);
    expect(job.status).toBe('succeeded');
    expect(phases).toContain('generating');
    expect(fixture.submitsFor(marker)).toBe(1);
    // The delivery logs its outcome once it has answered, just after the job ended.
    const logged = (message: string) =>
      fixture.logs.filter((entry) => entry.jobId === jobId && entry.message === message);
    await eventually('the delivery to log its outcome', () => logged('video task succeeded').length > 0);
    expect(logged('video task succeeded')).toHaveLength(1);
    expect(logged('video task polled')).toEqual([]);
    const [tasks] = await fixture.tasks.client.listTasks({
      parent: `${fixture.tasks.location}/queues/videos`,
    });
    expect(tasks.filter((task) => task.name?.includes('-poll-'))).toEqual([]);
  });
});
