import { describe, expect, it } from 'vitest';
import type { JobDoc, JobOutput } from './documents.ts';
import type { JobStatus } from './job-status.ts';
import { planCancel, planFailure, planSuccess } from './job-settlement.ts';

function job(
  status: JobStatus,
  count = 4,
  model = 'imagen-4.0-generate-001',
): Pick<JobDoc, 'status' | 'cost' | 'params'> {
  return {
    status,
    params: {
      prompt: 'a fox',
      aspectRatio: '1:1',
      count,
      model: model as JobDoc['params']['model'],
      enhancePrompt: false,
    },
    cost: {
      tokens: count * 2,
      usdReserved: count * 0.04,
      tokensSettled: null,
      usdSettled: null,
      tokensRefunded: 0,
    },
  };
}

const output = (index: number): JobOutput => ({
  postId: `job1_${index}`,
  imageUrl: `https://media.example/images/u/img_job1_${index}.webp`,
  thumbUrl: `https://media.example/images/u/img_job1_${index}_thumb.webp`,
  width: 1024,
  height: 1024,
  placeholder: 'data:image/webp;base64,AA==',
});

describe('job endings', () => {
  it('fails a running job and refunds every token', () => {
    const ending = planFailure('job1', job('running'), { code: 'safety_blocked', message: 'blocked' });
    expect(ending.status).toBe('failed');
    expect(ending.refundTokens).toBe(8);
    expect(ending.refundLedgerId).toBe('refund_job1');
    expect(ending.jobPatch).toMatchObject({
      status: 'failed',
      error: { code: 'safety_blocked', message: 'blocked' },
      lease: null,
      cost: { tokens: 8, tokensSettled: 0, usdSettled: 0, tokensRefunded: 8 },
    });
  });

  it('cancels a queued job with a full refund and no error', () => {
    const ending = planCancel('job1', job('queued'));
    expect(ending).toMatchObject({ status: 'canceled', refundTokens: 8, jobPatch: { error: null } });
  });

  it('refuses to cancel a running job', () => {
    expect(() => planCancel('job1', job('running'))).toThrow('A running job cannot become canceled.');
  });

  it.each(['succeeded', 'failed', 'canceled'] as const)('never ends a %s job a second time', (status) => {
    expect(() => planFailure('job1', job(status), { code: 'internal', message: 'x' })).toThrow();
    expect(() => planCancel('job1', job(status))).toThrow();
    expect(() => planSuccess('job1', job(status), [output(0)], 10)).toThrow();
  });

  it('settles a full success with nothing refunded', () => {
    const ending = planSuccess('job1', job('running'), [0, 1, 2, 3].map(output), 1234);
    expect(ending.refundTokens).toBe(0);
    expect(ending.jobPatch).toMatchObject({
      status: 'succeeded',
      filteredCount: 0,
      processingTimeMs: 1234,
      cost: { tokensSettled: 8, usdSettled: 0.16, tokensRefunded: 0 },
    });
    expect(ending.jobPatch.outputs).toHaveLength(4);
  });

  it('refunds the filtered outputs of a partial success', () => {
    const ending = planSuccess('job1', job('running'), [output(0), output(1)], 900);
    expect(ending.refundTokens).toBe(4);
    expect(ending.jobPatch).toMatchObject({
      filteredCount: 2,
      cost: { tokens: 8, tokensSettled: 4, usdSettled: 0.08, tokensRefunded: 4 },
    });
  });

  it('will not call zero outputs a success', () => {
    expect(() => planSuccess('job1', job('running'), [], 10)).toThrow(/planFailure/);
  });

  it('only succeeds from running, not straight from queued', () => {
    expect(() => planSuccess('job1', job('queued'), [output(0)], 10)).toThrow(
      'A queued job cannot become succeeded.',
    );
  });
});
