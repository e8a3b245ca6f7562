import { describe, expect, it } from 'vitest';
import { parseNewTask } from './task-input.ts';

const queue = 'projects/p/locations/l/queues/q';
const now = Date.parse('2026-11-23T12:00:00Z');
const limits = { minDispatchDeadlineMs: 15_000 };

describe('parseNewTask', () => {
  it('defaults the method to POST, the deadline to 10 min and the schedule to now', () => {
    const task = parseNewTask(queue, { httpRequest: { url: 'http://localhost/x' } }, now, limits);
    expect(task).toMatchObject({ taskId: undefined, scheduleTimeMs: now, dispatchDeadlineMs: 600_000 });
    expect(task.target.method).toBe('POST');
  });

  it('moves past schedule times to now and keeps future ones', () => {
    const past = parseNewTask(
      queue,
      { scheduleTime: { seconds: 1 }, httpRequest: { url: 'http://h/' } },
      now,
      limits,
    );
    expect(past.scheduleTimeMs).toBe(now);
    const future = parseNewTask(
      queue,
      { scheduleTime: { seconds: now / 1000 + 60, nanos: 5e8 }, httpRequest: { url: 'http://h/' } },
      now,
      limits,
    );
    expect(future.scheduleTimeMs).toBe(now + 60_500);
  });

  it('stores the caller headers minus the ones Cloud Tasks owns, plus its User-Agent', () => {
    const task = parseNewTask(
      queue,
      {
        httpRequest: {
          url: 'http://h/',
          headers: {
            'content-type': 'text/plain',
            Host: 'x',
            'user-agent': 'me',
            'X-Google-Foo': '1',
            'X-Mine': 'y',
          },
        },
      },
      now,
      limits,
    );
    expect(task.target.headers).toEqual({
      'content-type': 'text/plain',
      'X-Mine': 'y',
      'User-Agent': 'Google-Cloud-Tasks',
    });
  });

  it.each([
    [
      'a name in another queue',
      { name: 'projects/p/locations/l/queues/other/tasks/t', httpRequest: { url: 'http://h/' } },
    ],
    ['no URL', { httpRequest: {} }],
    ['a relative URL', { httpRequest: { url: '/x' } }],
    [
      'a body on GET',
      { httpRequest: { url: 'http://h/', httpMethod: 'GET' as const, body: Buffer.from('x') } },
    ],
    ['a deadline under 15 s', { dispatchDeadline: { seconds: 14 }, httpRequest: { url: 'http://h/' } }],
    ['a deadline over 30 min', { dispatchDeadline: { seconds: 1801 }, httpRequest: { url: 'http://h/' } }],
    [
      'a schedule over 30 days ahead',
      { scheduleTime: { seconds: now / 1000 + 31 * 86_400 }, httpRequest: { url: 'http://h/' } },
    ],
    ['an OIDC token without an account', { httpRequest: { url: 'http://h/', oidcToken: { audience: 'a' } } }],
    ['no httpRequest', {}],
  ])('rejects %s', (_what, message) => {
    expect(() => parseNewTask(queue, message, now, limits)).toThrow(expect.objectContaining({ code: 3 }));
  });

  it('answers UNIMPLEMENTED for App Engine tasks', () => {
    expect(() => parseNewTask(queue, { appEngineHttpRequest: { relativeUri: '/x' } }, now, limits)).toThrow(
      expect.objectContaining({ code: 12 }),
    );
  });

  it('honours a lowered minimum deadline', () => {
    expect(
      parseNewTask(queue, { dispatchDeadline: { nanos: 2e8 }, httpRequest: { url: 'http://h/' } }, now, {
        minDispatchDeadlineMs: 0,
      }).dispatchDeadlineMs,
    ).toBe(200);
  });
});
