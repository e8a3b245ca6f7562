import { describe, expect, it } from 'vitest';
import type { ImageJobDoc, JobOutput } from './documents.ts';
import type { OutputRecords } from './job-outputs.ts';
import type { JobStatus } from './job-status.ts';
import { planCancel, planFailure, planSuccess } from './job-settlement.ts';

function job(
  status: JobStatus,
  count = 4,
  model = 'imagen-4.0-generate-001',
): Pick<ImageJobDoc, 'status' | 'cost' | 'kind' | 'params'> {
  return {
    status,
    kind: 'image',
    params: {
      prompt: 'a fox',
      aspectRatio: '1:1',
      count,
      model: model as ImageJobDoc['params']['model'],
      imageSize: '1K',
      enhancePrompt: false,
    },
    cost: {
      tokens: count * 2,
      reservedMicroUsd: count * 40_000,
      tokensSettled: null,
      settledMicroUsd: null,
      tokensRefunded: 0,
    },
  };
}

/** Output records: `images` stored at these indexes, `filtered` removed by the safety filter. */
function records(images: number[], filtered: number[] = []): OutputRecords {
  const entries: [string, OutputRecords[string]][] = [
    ...images.map((index): [string, OutputRecords[string]] => [
      String(index),
      {
        kind: 'image',
        attempt: 1,
        output: {
          postId: `job1_${index}`,
          imageUrl: `https://media.example/images/u/img_job1_${index}.webp`,
          thumbUrl: `https://media.example/images/u/img_job1_${index}_thumb.webp`,
          width: 1024,
          height: 1024,
          placeholder: 'data:image/webp;base64,AA==',
          dominantColor: '#102030',
        },
      },
    ]),
    ...filtered.map((index): [string, OutputRecords[string]] => [
      String(index),
      { kind: 'filtered', attempt: 1, reason: 'IMAGE_SAFETY' },
    ]),
  ];
  return Object.fromEntries(entries);
}

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
      cost: { tokens: 8, tokensSettled: 0, settledMicroUsd: 0, tokensRefunded: 8 },
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
    expect(() => planSuccess('job1', job(status), records([0]), 10)).toThrow();
  });

  it('settles a full success with nothing refunded', () => {
    const ending = planSuccess('job1', job('running'), records([0, 1, 2, 3]), 1234);
    expect(ending.refundTokens).toBe(0);
    expect(ending.jobPatch).toMatchObject({
      status: 'succeeded',
      filteredCount: 0,
      processingTimeMs: 1234,
      cost: { tokensSettled: 8, settledMicroUsd: 160_000, tokensRefunded: 0 },
    });
    expect(ending.jobPatch.outputs?.map((output) => (output as JobOutput).postId)).toEqual([
      'job1_0',
      'job1_1',
      'job1_2',
      'job1_3',
    ]);
    // The colour goes to the post, not to the job's outputs.
    expect(ending.jobPatch.outputs?.[0]).not.toHaveProperty('dominantColor');
  });

  it('refunds the filtered outputs of a partial success', () => {
    const ending = planSuccess('job1', job('running'), records([0, 2], [1, 3]), 900);
    expect(ending.refundTokens).toBe(4);
    expect(ending.refundReason).toEqual({ code: 'outputs_undelivered', undelivered: 2 });
    expect(ending.jobPatch).toMatchObject({
      filteredCount: 2,
      cost: { tokens: 8, tokensSettled: 4, settledMicroUsd: 80_000, tokensRefunded: 4 },
    });
  });

  it('refunds from the job’s own quote, whatever the catalogue says today', () => {
    // Debited 4 tokens for 4 outputs (an old, lower price); 1 delivered.
    const cheap = {
      ...job('running'),
      cost: { ...job('running').cost, tokens: 4, reservedMicroUsd: 40_000 },
    };
    const ending = planSuccess('job1', cheap, records([0]), 900);
    expect(ending.refundTokens).toBe(3);
    expect(ending.jobPatch.cost).toMatchObject({ tokens: 4, tokensSettled: 1, tokensRefunded: 3 });
  });

  it('will not call zero outputs a success', () => {
    expect(() => planSuccess('job1', job('running'), records([], [0, 1, 2, 3]), 10)).toThrow(/planFailure/);
  });

  it('only succeeds from running, not straight from queued', () => {
    expect(() => planSuccess('job1', job('queued'), records([0]), 10)).toThrow(
      'A queued job cannot become succeeded.',
    );
  });
});
