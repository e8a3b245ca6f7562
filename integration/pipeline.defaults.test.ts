import { paths, type CreateImageJobResponse, type ImageJobDoc } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { callableTestbed } from './functions.callers.ts';
import type { RecordedRequest } from '../dev/src/vertex/request-log.ts';
import { uniquePrefix } from './support/stack.ts';

const { stack, users, db } = callableTestbed();

/**
 * The whole path a new user takes, on the shared stack: the callable, the
 * Cloud Task, the image service process, the Vertex fake and R2.
 */
describe('createImageJob({ prompt }) alone', () => {
  it('runs on gemini-3.1-flash-image, called at the global location, and succeeds', async () => {
    const user = await users.signUp();
    const prompt = `a paper boat on a puddle ${uniquePrefix('p')}`;
    const { jobId } = await user.call<CreateImageJobResponse>('createImageJob', { prompt });

    const job = await new Promise<ImageJobDoc>((resolve, reject) => {
      const stop = db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
        const data = snapshot.data() as ImageJobDoc | undefined;
        if (data && !['queued', 'running'].includes(data.status)) {
          stop();
          resolve(data);
        }
      }, reject);
    });
    expect(job.status).toBe('succeeded');
    expect(job.params).toMatchObject({
      prompt,
      model: 'gemini-3.1-flash-image',
      imageSize: '1K',
      aspectRatio: '1:1',
    });
    expect(job.outputs.length).toBe(job.params.count);
    expect(job.outputs[0]).toMatchObject({ width: 1024, height: 1024 });

    const { requests } = (await (
      await fetch(`${stack.env.GOOGLE_VERTEX_BASE_URL}/_fake/requests`)
    ).json()) as { requests: RecordedRequest[] };
    const calls = requests.filter(
      (request) => request.model === 'gemini-3.1-flash-image' && request.status === 200,
    );
    expect(calls.length).toBeGreaterThanOrEqual(job.params.count);
    expect(new Set(calls.map((request) => request.location))).toEqual(new Set(['global']));
  });
});
