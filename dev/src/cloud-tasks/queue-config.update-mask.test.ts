import { describe, expect, it } from 'vitest';
import { defaultQueueSettings, settingsAfterUpdate, settingsForNewQueue } from './queue-config.ts';
import { RpcError } from './rpc-error.ts';

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof RpcError ? error.code : -1;
  }
}

describe('queue settings', () => {
  it('fills in the service defaults', () => {
    expect(settingsForNewQueue({ name: 'q' })).toEqual(defaultQueueSettings());
    expect(defaultQueueSettings().retryPolicy).toEqual({
      maxAttempts: 100,
      maxRetryDurationMs: 0,
      minBackoffMs: 100,
      maxBackoffMs: 3_600_000,
      maxDoublings: 16,
    });
  });

  it('takes what CreateQueue sets and derives the burst size', () => {
    const settings = settingsForNewQueue({
      rateLimits: { maxDispatchesPerSecond: 10, maxBurstSize: 999 },
      retryConfig: {
        maxAttempts: -1,
        minBackoff: { seconds: 0, nanos: 250_000_000 },
        maxRetryDuration: { seconds: 60 },
      },
    });
    expect(settings.rateLimits).toEqual({
      maxDispatchesPerSecond: 10,
      maxBurstSize: 2,
      maxConcurrentDispatches: 1000,
    });
    expect(settings.retryPolicy).toMatchObject({
      maxAttempts: -1,
      minBackoffMs: 250,
      maxRetryDurationMs: 60_000,
      maxDoublings: 16,
    });
  });

  it('changes only masked fields, resetting masked-but-unset ones', () => {
    const current = settingsForNewQueue({
      rateLimits: { maxConcurrentDispatches: 7 },
      retryConfig: { maxAttempts: 5, maxDoublings: 3 },
    });
    const next = settingsAfterUpdate(
      current,
      { rateLimits: { maxDispatchesPerSecond: 50 }, retryConfig: { maxAttempts: 9 } },
      ['rate_limits', 'retryConfig.maxDoublings'],
    );
    expect(next.rateLimits).toEqual({
      maxDispatchesPerSecond: 50,
      maxBurstSize: 10,
      maxConcurrentDispatches: 1000,
    });
    expect(next.retryPolicy.maxAttempts).toBe(5);
    expect(next.retryPolicy.maxDoublings).toBe(0);
  });

  it('without a mask, changes every field the request sets', () => {
    const current = settingsForNewQueue({ rateLimits: { maxConcurrentDispatches: 7 } });
    const next = settingsAfterUpdate(current, { retryConfig: { maxBackoff: { seconds: 10 } } }, undefined);
    expect(next.rateLimits.maxConcurrentDispatches).toBe(7);
    expect(next.retryPolicy.maxBackoffMs).toBe(10_000);
  });

  it('rejects invalid values and unknown or output-only mask paths', () => {
    expect(codeOf(() => settingsForNewQueue({ rateLimits: { maxDispatchesPerSecond: 501 } }))).toBe(3);
    expect(codeOf(() => settingsForNewQueue({ rateLimits: { maxConcurrentDispatches: 5001 } }))).toBe(3);
    expect(codeOf(() => settingsForNewQueue({ retryConfig: { maxAttempts: -2 } }))).toBe(3);
    expect(
      codeOf(() =>
        settingsForNewQueue({ retryConfig: { minBackoff: { seconds: 10 }, maxBackoff: { seconds: 5 } } }),
      ),
    ).toBe(3);
    expect(codeOf(() => settingsAfterUpdate(defaultQueueSettings(), {}, ['state']))).toBe(3);
    expect(
      codeOf(() => settingsAfterUpdate(defaultQueueSettings(), {}, ['rate_limits.max_burst_size'])),
    ).toBe(3);
    expect(codeOf(() => settingsAfterUpdate(defaultQueueSettings(), {}, ['retry_config.nope']))).toBe(3);
  });
});
