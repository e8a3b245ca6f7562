import { describe, expect, it } from 'vitest';
import {
  decideRequest,
  type FaultPlan,
  isObjectUpload,
  noFaults,
  parsePutFaultRequest,
  withPutFaults,
} from './fault-plan.ts';

function run(plan: FaultPlan, requests: [method: string, url: string][]) {
  const fails: (string | null)[] = [];
  for (const [method, url] of requests) {
    const decision = decideRequest(plan, method, url);
    fails.push(decision.fail);
    plan = decision.plan;
  }
  return { fails, plan };
}

describe('isObjectUpload', () => {
  it.each([
    ['PUT', '/phoenix-media/images/u1/a.webp'],
    ['PUT', '/phoenix-media/images/u1/a.webp?x-id=PutObject'],
    ['PUT', '/phoenix-media/videos/v.mp4?partNumber=2&uploadId=abc'],
  ])('%s %s is an upload', (method, url) => {
    expect(isObjectUpload(method, url)).toBe(true);
  });

  it.each([
    ['GET', '/phoenix-media/images/u1/a.webp'],
    ['HEAD', '/phoenix-media/images/u1/a.webp'],
    ['POST', '/phoenix-media/videos/v.mp4?uploads'],
    ['DELETE', '/phoenix-media/images/u1/a.webp'],
    ['PUT', '/phoenix-media'],
    ['PUT', '/phoenix-media/'],
    ['PUT', '/phoenix-media?cors'],
    ['PUT', '/phoenix-media/images/u1/a.webp?tagging'],
    ['PUT', '/phoenix-media/images/u1/a.webp?acl'],
  ])('%s %s is not', (method, url) => {
    expect(isObjectUpload(method, url)).toBe(false);
  });
});

describe('decideRequest', () => {
  const upload: [string, string] = ['PUT', '/phoenix-media/a.webp'];
  const read: [string, string] = ['GET', '/phoenix-media/a.webp'];

  it('forwards everything and counts the uploads when nothing is pending', () => {
    const { fails, plan } = run(noFaults, [upload, read, upload]);
    expect(fails).toEqual([null, null, null]);
    expect(plan).toEqual({ ...noFaults, uploadsForwarded: 2 });
  });

  it('fails exactly the next N uploads in the chosen mode, letting other requests through', () => {
    const armed = withPutFaults(noFaults, { putFailures: 2, mode: 'reset' });
    const { fails, plan } = run(armed, [read, upload, ['PUT', '/phoenix-media'], upload, upload, read]);
    expect(fails).toEqual([null, 'reset', null, 'reset', null, null]);
    expect(plan).toEqual({
      putFailures: 0,
      mode: 'reset',
      injected: { '500': 0, reset: 2 },
      uploadsForwarded: 1,
    });
  });

  it('keeps the counters when the switch is set again', () => {
    const first = run(withPutFaults(noFaults, { putFailures: 1, mode: '500' }), [upload]).plan;
    const { plan } = run(withPutFaults(first, { putFailures: 1, mode: 'reset' }), [upload, upload]);
    expect(plan.injected).toEqual({ '500': 1, reset: 1 });
    expect(plan.uploadsForwarded).toBe(1);
  });
});

describe('parsePutFaultRequest', () => {
  it('takes a count and a mode, which defaults to 500', () => {
    expect(parsePutFaultRequest({ putFailures: 2, mode: 'reset' })).toEqual({
      ok: true,
      value: { putFailures: 2, mode: 'reset' },
    });
    expect(parsePutFaultRequest({ putFailures: 0 })).toEqual({
      ok: true,
      value: { putFailures: 0, mode: '500' },
    });
  });

  it.each([
    [[], /JSON object/],
    [null, /JSON object/],
    ['2', /JSON object/],
    [{}, /putFailures must be a whole number/],
    [{ putFailures: -1 }, /putFailures must be a whole number .* got -1/],
    [{ putFailures: 1.5 }, /putFailures/],
    [{ putFailures: '2' }, /putFailures .* got "2"/],
    [{ putFailures: 10_001 }, /from 0 to 10000/],
    [{ putFailures: 1, mode: 500 }, /mode must be "500" or "reset", got 500/],
    [{ putFailures: 1, mode: 'timeout' }, /mode must be/],
    [{ putFailure: 1 }, /unknown field "putFailure"/],
  ])('refuses %j', (body, problem) => {
    const parsed = parsePutFaultRequest(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});
