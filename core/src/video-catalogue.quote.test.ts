import { describe, expect, it } from 'vitest';
import {
  applyVideoModelUpdate,
  offeredVideoModels,
  quoteVideoJob,
  videoCatalogueFrom,
} from './video-catalogue.ts';

describe('quoteVideoJob', () => {
  it('prices per second, by model and by audio', () => {
    const fast = { model: 'veo-3.1-fast-generate-001', durationSeconds: 8, generateAudio: true } as const;
    expect(quoteVideoJob(fast)).toEqual({ tokens: 40, microUsd: 1_200_000 });
    expect(quoteVideoJob({ ...fast, generateAudio: false })).toEqual({ tokens: 24, microUsd: 800_000 });
    expect(quoteVideoJob({ ...fast, model: 'veo-3.1-generate-001', durationSeconds: 4 })).toEqual({
      tokens: 48,
      microUsd: 1_600_000,
    });
  });

  it("follows an admin's price edit and refuses a model that is turned off", () => {
    const edited = videoCatalogueFrom(
      applyVideoModelUpdate(undefined, {
        id: 'veo-3.1-fast-generate-001',
        prices: { withAudio: { tokensPerSecond: 6, microUsdPerSecond: 180_000 } },
      }),
    );
    const request = { model: 'veo-3.1-fast-generate-001', durationSeconds: 4, generateAudio: true } as const;
    expect(quoteVideoJob(request, edited)).toEqual({ tokens: 24, microUsd: 720_000 });
    const off = videoCatalogueFrom({ videoOverrides: { 'veo-3.1-fast-generate-001': { enabled: false } } });
    expect(() => quoteVideoJob(request, off)).toThrow(/takes no new work/);
    expect(offeredVideoModels(off).map((model) => model.id)).toEqual(['veo-3.1-generate-001']);
  });

  it('keeps at least one video model offered', () => {
    const one = applyVideoModelUpdate(undefined, { id: 'veo-3.1-generate-001', enabled: false });
    expect(() => applyVideoModelUpdate(one, { id: 'veo-3.1-fast-generate-001', status: 'retired' })).toThrow(
      /At least one video model/,
    );
  });
});
