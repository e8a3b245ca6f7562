import { describe, expect, it } from 'vitest';
import { parseLocationName, parseQueueName, parseTaskName } from './names.ts';

describe('resource names', () => {
  it('parses full task names into their parts', () => {
    expect(
      parseTaskName('projects/demo-phoenix/locations/us-central1/queues/image/tasks/job_1-a'),
    ).toMatchObject({
      project: 'demo-phoenix',
      location: 'us-central1',
      queueId: 'image',
      queueName: 'projects/demo-phoenix/locations/us-central1/queues/image',
      taskId: 'job_1-a',
    });
  });

  it.each([
    ['projects/p/locations/l/queues/under_score'],
    ['projects/p/locations/l/queues/'],
    ['projects/p/locations/l/queue/q'],
    [`projects/p/locations/l/queues/${'q'.repeat(101)}`],
    ['projects/p/locations/l/queues/q/extra'],
  ])('rejects the queue name %s', (name) => {
    expect(() => parseQueueName(name)).toThrow(expect.objectContaining({ code: 3 }));
  });

  it.each([
    ['projects/p/locations/l/queues/q/tasks/with space'],
    [`projects/p/locations/l/queues/q/tasks/${'t'.repeat(501)}`],
    ['projects/p/locations/l/queues/q/tasks/'],
  ])('rejects the task name %s', (name) => {
    expect(() => parseTaskName(name)).toThrow(expect.objectContaining({ code: 3 }));
  });

  it('accepts 500-character task ids and rejects malformed parents', () => {
    expect(parseTaskName(`projects/p/locations/l/queues/q/tasks/${'t'.repeat(500)}`).taskId).toHaveLength(
      500,
    );
    expect(() => parseLocationName('projects/p')).toThrow(expect.objectContaining({ code: 3 }));
  });
});
