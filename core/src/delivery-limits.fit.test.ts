import { describe, expect, it } from 'vitest';
import {
  deliveryWorkBudgetMs,
  finalDeliveryWaitMs,
  imageDispatchDeadlineSeconds,
  imageServiceTimeoutSeconds,
  jobLeaseMs,
  leaseRenewIntervalMs,
  modelCallTimeoutMs,
} from './delivery-limits.ts';
import { imageQueue } from './image-task.ts';

describe('delivery limits', () => {
  it('nest: model call < work budget < Cloud Run timeout ≤ dispatch deadline', () => {
    expect(modelCallTimeoutMs).toBeLessThan(deliveryWorkBudgetMs);
    expect(finalDeliveryWaitMs + deliveryWorkBudgetMs).toBeLessThan(imageServiceTimeoutSeconds * 1000);
    expect(imageServiceTimeoutSeconds).toBeLessThanOrEqual(imageDispatchDeadlineSeconds);
    expect(imageQueue.dispatchDeadlineSeconds).toBe(imageDispatchDeadlineSeconds);
  });

  it('keep a working holder’s lease alive: several renewals fit in one lease', () => {
    expect(leaseRenewIntervalMs * 2).toBeLessThan(jobLeaseMs);
  });

  it('let a last delivery outwait a dead holder’s lease', () => {
    expect(finalDeliveryWaitMs).toBeGreaterThan(jobLeaseMs);
  });

  it('stay inside what Cloud Tasks and Cloud Run accept', () => {
    // Cloud Tasks HTTP dispatch deadline: 15 s – 30 min. Cloud Run request timeout: ≤ 3600 s.
    expect(imageDispatchDeadlineSeconds).toBeGreaterThanOrEqual(15);
    expect(imageDispatchDeadlineSeconds).toBeLessThanOrEqual(1800);
    expect(imageServiceTimeoutSeconds).toBeLessThanOrEqual(3600);
  });
});
