import { describe, expect, it } from 'vitest';
import { jobLeaseMs } from './delivery-limits.ts';
import { imageQueue } from './image-task.ts';
import { imageJobDeadlineMs, isOverdue, type DeadlineView } from './job-deadline.ts';
import { jobStatuses } from './job-status.ts';

const created = 1_000_000;
const pastDeadline = created + imageJobDeadlineMs;
const job = (overrides: Partial<DeadlineView> = {}): DeadlineView => ({
  status: 'queued',
  createdAtMs: created,
  leaseExpiresAtMs: null,
  ...overrides,
});

describe('imageJobDeadlineMs', () => {
  it('outlasts every attempt the queue may still make, each after its longest wait, plus a lease', () => {
    const lastDeliveryEnds =
      imageQueue.maxAttempts * imageQueue.dispatchDeadlineSeconds * 1000 +
      imageQueue.maxAttempts * Math.max(imageQueue.maxBackoffSeconds * 1000, jobLeaseMs);
    expect(imageJobDeadlineMs).toBe(lastDeliveryEnds + jobLeaseMs);
    // Minutes, not the 80 it was while leases were 5 min and dispatch deadlines 10.
    expect(imageJobDeadlineMs).toBeLessThan(30 * 60_000);
  });
});

describe('isOverdue', () => {
  it('leaves a queued job alone until its deadline, then ends it', () => {
    expect(isOverdue(job(), pastDeadline - 1)).toBe(false);
    expect(isOverdue(job(), pastDeadline)).toBe(true);
  });

  it('ends a running job past its deadline whose delivery let go or died', () => {
    expect(isOverdue(job({ status: 'running' }), pastDeadline)).toBe(true);
    expect(isOverdue(job({ status: 'running', leaseExpiresAtMs: pastDeadline - 1 }), pastDeadline)).toBe(
      true,
    );
  });

  it('leaves a running job to the delivery whose lease is still live', () => {
    expect(isOverdue(job({ status: 'running', leaseExpiresAtMs: pastDeadline + 1 }), pastDeadline)).toBe(
      false,
    );
  });

  it.each(jobStatuses.filter((status) => status !== 'queued' && status !== 'running'))(
    'never touches a %s job, however old',
    (status) => {
      expect(isOverdue(job({ status }), pastDeadline * 10)).toBe(false);
    },
  );
});
