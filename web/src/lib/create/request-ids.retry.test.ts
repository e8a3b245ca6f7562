import { errorCodes, type ImageRequest } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { describeCallableError } from '../firebase/callable-errors.ts';
import { jobIntent, requestIds } from './request-ids.ts';

const request: ImageRequest = {
  prompt: 'a fox',
  aspectRatio: '1:1',
  count: 2,
  model: 'gemini-3.1-flash-image',
  enhancePrompt: true,
  imageSize: '1K',
};

function counterIds() {
  let next = 0;
  return requestIds(() => `id-${++next}`);
}

describe('requestIds', () => {
  it('reuses the id when the same request is retried after the answer was lost', () => {
    const ids = counterIds();
    expect(ids.idFor(request)).toBe('id-1');
    ids.settle({ ok: false, code: 'unavailable' });
    expect(ids.idFor({ ...request })).toBe('id-1');
    ids.settle({ ok: false, code: 'deadline-exceeded' });
    expect(ids.idFor(request)).toBe('id-1');
  });

  it('starts a new intent after the job was accepted', () => {
    const ids = counterIds();
    ids.idFor(request);
    ids.settle({ ok: true });
    expect(ids.idFor(request)).toBe('id-2');
  });

  it('starts a new intent after a definite refusal', () => {
    const ids = counterIds();
    ids.idFor(request);
    ids.settle({ ok: false, code: 'failed-precondition' });
    expect(ids.idFor(request)).toBe('id-2');
  });

  it('starts a new intent after queue_unavailable, although it travels as unavailable', () => {
    const ids = counterIds();
    ids.idFor(request);
    ids.settle({ ok: false, code: 'unavailable', errorCode: 'queue_unavailable' });
    expect(ids.idFor(request)).toBe('id-2');
  });

  it('keeps the id after an internal error the server reported, which may follow a commit', () => {
    const ids = counterIds();
    ids.idFor(request);
    ids.settle({ ok: false, code: 'internal', errorCode: 'internal' });
    expect(ids.idFor(request)).toBe('id-1');
  });

  it('reads the domain code from the callable error as the SDK throws it', () => {
    const ids = counterIds();
    ids.idFor(request);
    const thrown = Object.assign(new Error(errorCodes.queue_unavailable.message), {
      code: 'functions/unavailable',
      details: { code: 'queue_unavailable' },
    });
    ids.settle({ ok: false, ...describeCallableError(thrown) });
    expect(ids.idFor(request)).toBe('id-2');

    const offline = Object.assign(new Error('unavailable'), { code: 'functions/unavailable' });
    ids.settle({ ok: false, ...describeCallableError(offline) });
    expect(ids.idFor(request)).toBe('id-2');
  });

  it('gives changed values a new id even after a lost answer', () => {
    const ids = counterIds();
    ids.idFor(request);
    ids.settle({ ok: false, code: 'unavailable' });
    expect(ids.idFor({ ...request, count: 3 })).toBe('id-2');
  });

  it('reuses the id for a retried remix, which sends the same source again', () => {
    const ids = counterIds();
    const remix = jobIntent(request, 'job_src_0');
    expect(remix).toEqual({ ...request, remixOf: 'job_src_0' });
    expect(ids.idFor(remix)).toBe('id-1');
    ids.settle({ ok: false, code: 'unavailable' });
    const retry = jobIntent({ ...request }, 'job_src_0');
    expect(ids.idFor(retry)).toBe('id-1');
    expect(retry.remixOf).toBe('job_src_0');
  });

  it('treats dropping the remix link as a new intent, even after a lost answer', () => {
    const ids = counterIds();
    ids.idFor(jobIntent(request, 'job_src_0'));
    ids.settle({ ok: false, code: 'unavailable' });
    const plain = jobIntent(request, null);
    expect('remixOf' in plain).toBe(false);
    expect(ids.idFor(plain)).toBe('id-2');
  });

  it('makes UUIDs by default, which the server schema accepts', () => {
    expect(requestIds().idFor(request)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
