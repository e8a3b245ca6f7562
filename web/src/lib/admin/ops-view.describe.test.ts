import { describe, expect, it } from 'vitest';
import { describeDelivery, describeScalingEvent, newestFirst } from './ops-view.ts';

describe('ops and alert words', () => {
  it('says what changed and why for each scaling event', () => {
    expect(describeScalingEvent({ service: 'image', from: 10, to: 1, cause: 'budget_exhausted' })).toBe(
      'image: 10 → 1, because the budget was spent',
    );
    expect(describeScalingEvent({ service: 'video', from: null, to: 4, cause: 'admin' })).toBe(
      'video: unknown → 4, because an admin set it',
    );
  });

  it('puts the newest first', () => {
    expect(newestFirst([{ atMs: 1 }, { atMs: 3 }, { atMs: 2 }]).map((item) => item.atMs)).toEqual([3, 2, 1]);
  });

  it('tells each webhook delivery state apart', () => {
    expect(describeDelivery({ state: 'sent', attempts: 2, lastError: null })).toBe(
      'Webhook delivered (2 attempts)',
    );
    expect(describeDelivery({ state: 'none', attempts: 0, lastError: null })).toBe('No webhook set');
    expect(describeDelivery({ state: 'pending', attempts: 0, lastError: null })).toBe(
      'Webhook: waiting to send',
    );
    expect(describeDelivery({ state: 'pending', attempts: 1, lastError: 'HTTP 500' })).toBe(
      'Webhook: retrying after 1 attempt (HTTP 500)',
    );
  });
});
