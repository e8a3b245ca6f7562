import { describe, expect, it } from 'vitest';
import { planDelivery } from './job-delivery.ts';

const now = 1_000_000;

describe('planDelivery', () => {
  it.each(['succeeded', 'failed', 'canceled'] as const)('skips a %s job', (status) => {
    expect(planDelivery({ status, lease: null }, 'me', now)).toEqual({ action: 'skip' });
  });

  it('works a queued job as its first attempt', () => {
    expect(planDelivery({ status: 'queued', lease: null }, 'me', now)).toEqual({
      action: 'work',
      firstAttempt: true,
    });
  });

  it('backs off while a twin delivery holds a live lease, for the rest of the lease', () => {
    const lease = { holder: 'twin', expiresAtMs: now + 30_000 };
    expect(planDelivery({ status: 'running', lease }, 'me', now)).toEqual({
      action: 'busy',
      retryAfterMs: 30_000,
    });
  });

  it('takes over a running job whose holder let the lease run out', () => {
    const lease = { holder: 'crashed', expiresAtMs: now - 1 };
    expect(planDelivery({ status: 'running', lease }, 'me', now)).toEqual({
      action: 'work',
      firstAttempt: false,
    });
  });

  it('works a running job with no lease (an earlier attempt released it to be retried)', () => {
    expect(planDelivery({ status: 'running', lease: null }, 'me', now)).toEqual({
      action: 'work',
      firstAttempt: false,
    });
  });
});

describe('planDelivery on the last delivery Cloud Tasks will make', () => {
  it('waits for a live twin’s lease instead of answering busy into a dropped task', () => {
    const lease = { holder: 'twin', expiresAtMs: now + 30_000 };
    expect(planDelivery({ status: 'running', lease }, 'me', now, true)).toEqual({
      action: 'wait',
      untilMs: now + 30_000,
    });
  });

  it('takes over at once when the twin’s lease already lapsed', () => {
    const lease = { holder: 'crashed', expiresAtMs: now };
    expect(planDelivery({ status: 'running', lease }, 'me', now, true)).toEqual({
      action: 'work',
      firstAttempt: false,
    });
  });
});
