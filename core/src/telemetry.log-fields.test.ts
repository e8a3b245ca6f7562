import { describe, expect, it } from 'vitest';
import { PhoenixError } from './errors.ts';
import {
  jobAcceptedFields,
  jobEndedFields,
  jobRefusedFields,
  readJobStart,
  startAfterClaim,
} from './telemetry.ts';

const at = (ms: number) => ({ toMillis: () => ms });

describe('accept log fields', () => {
  it('names the event and the kind, with the accept time in whole ms', () => {
    expect(jobAcceptedFields('video', 412.6)).toEqual({
      event: 'job_accepted',
      kind: 'video',
      outcome: 'accepted',
      acceptMs: 413,
    });
  });

  it('counts a refusal by a limit or the request as refused, with its code', () => {
    for (const code of ['budget_exceeded', 'rate_limited', 'invalid_argument', 'video_paused'] as const) {
      expect(jobRefusedFields('image', new PhoenixError(code), 20)).toEqual({
        event: 'job_refused',
        kind: 'image',
        outcome: 'refused',
        code,
        acceptMs: 20,
      });
    }
  });

  it('counts a refusal by a server fault as an error', () => {
    for (const code of ['overloaded', 'queue_unavailable', 'internal'] as const) {
      expect(jobRefusedFields('image', new PhoenixError(code), 5)).toMatchObject({ outcome: 'error', code });
    }
  });

  it('counts anything but a PhoenixError as internal, the code the caller hears', () => {
    expect(jobRefusedFields('video', new Error('14 UNAVAILABLE'), 7.2)).toEqual({
      event: 'job_refused',
      kind: 'video',
      outcome: 'error',
      code: 'internal',
      acceptMs: 7,
    });
  });
});

describe('job ended log fields', () => {
  it('measures the pipeline from creation to the end, and the queue from creation to the first start', () => {
    const start = readJobStart({ createdAt: at(10_000), startedAt: at(12_500) });
    expect(start).toEqual({ createdAtMs: 10_000, startedAtMs: 12_500 });
    expect(jobEndedFields('image', 'succeeded', start, 41_000)).toEqual({
      event: 'job_ended',
      kind: 'image',
      jobStatus: 'succeeded',
      pipelineMs: 31_000,
      queueMs: 2_500,
    });
  });

  it('dates the start of a job read as never taken at the claim that read it, and keeps an earlier start', () => {
    const unstarted = readJobStart({ createdAt: at(1_000), startedAt: null });
    expect(startAfterClaim(unstarted, 4_000)).toEqual({ createdAtMs: 1_000, startedAtMs: 4_000 });
    const retried = readJobStart({ createdAt: at(1_000), startedAt: at(2_000) });
    expect(startAfterClaim(retried, 60_000)).toEqual({ createdAtMs: 1_000, startedAtMs: 2_000 });
  });

  it('leaves the queue time out when the start is not known', () => {
    const fields = jobEndedFields('video', 'failed', { createdAtMs: 0, startedAtMs: null }, 900);
    expect(fields).toEqual({ event: 'job_ended', kind: 'video', jobStatus: 'failed', pipelineMs: 900 });
    expect('queueMs' in fields).toBe(false);
  });

  it('never reports a negative time when the instance clock is behind the database clock', () => {
    const start = { createdAtMs: 5_000, startedAtMs: 5_010 };
    expect(jobEndedFields('image', 'failed', start, 4_990)).toMatchObject({ pipelineMs: 0, queueMs: 10 });
  });
});
