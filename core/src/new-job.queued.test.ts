import { describe, expect, it } from 'vitest';
import { newImageJob } from './new-job.ts';

describe('newImageJob', () => {
  const params = {
    prompt: 'a fox',
    aspectRatio: '1:1',
    count: 2,
    model: 'gemini-3.1-flash-image',
    enhancePrompt: true,
    imageSize: '1K',
  } as const;

  it('starts queued with its quote reserved and nothing settled or refunded', () => {
    const job = newImageJob('u1', params, { tokens: 4, microUsd: 134_000 }, 'NOW');
    expect(job).toMatchObject({
      uid: 'u1',
      status: 'queued',
      cost: {
        tokens: 4,
        reservedMicroUsd: 134_000,
        tokensSettled: null,
        settledMicroUsd: null,
        tokensRefunded: 0,
      },
      finalDeliveryAt: null,
      outputRecords: {},
      attempts: 0,
      lease: null,
      outputs: [],
      createdAt: 'NOW',
      updatedAt: 'NOW',
      startedAt: null,
    });
  });

  it('drops optional fields left undefined, which Firestore would refuse', () => {
    const job = newImageJob('u1', { ...params, negativePrompt: undefined }, { tokens: 2, microUsd: 0 }, 0);
    expect(Object.keys(job.params)).not.toContain('negativePrompt');
  });
});
