import type { ImageRequest } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { requestIds } from './request-ids.ts';

const request: ImageRequest = {
  prompt: 'a fox',
  aspectRatio: '1:1',
  count: 2,
  model: 'gemini-2.5-flash-image',
  enhancePrompt: true,
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

  it('gives changed values a new id even after a lost answer', () => {
    const ids = counterIds();
    ids.idFor(request);
    ids.settle({ ok: false, code: 'unavailable' });
    expect(ids.idFor({ ...request, count: 3 })).toBe('id-2');
  });

  it('makes UUIDs by default, which the server schema accepts', () => {
    expect(requestIds().idFor(request)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
