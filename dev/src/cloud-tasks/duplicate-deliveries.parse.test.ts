import { describe, expect, it } from 'vitest';
import {
  countExtraOutcome,
  DeliveryFaults,
  noExtraDeliveries,
  parseDeliveryFaults,
  parseDuplicateDeliveries,
} from './duplicate-deliveries.ts';
import type { AttemptOutcome } from './http-attempt.ts';

const answered = (status: number): AttemptOutcome => ({
  kind: 'response',
  status,
  statusText: '',
  retryAfter: undefined,
});

describe('parseDuplicateDeliveries', () => {
  it.each([1, 3, 10])('takes %j copies', (copies) => {
    expect(parseDuplicateDeliveries(copies)).toEqual({ ok: true, value: copies });
  });

  it.each([0, -1, 11, 2.5, '3', null, undefined])('refuses %j', (copies) => {
    const parsed = parseDuplicateDeliveries(copies);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problem).toMatch(/^duplicateDeliveries must be a whole number from 1 to 10/);
  });
});

describe('parseDeliveryFaults', () => {
  it('takes {"duplicateDeliveries": n}', () => {
    expect(parseDeliveryFaults({ duplicateDeliveries: 3 })).toEqual({
      ok: true,
      value: { duplicateDeliveries: 3 },
    });
  });

  it.each([
    [[], /JSON object/],
    [null, /JSON object/],
    [{}, /whole number .* got undefined/],
    [{ duplicateDeliveries: 0 }, /whole number .* got 0/],
    [{ duplicateDeliveries: 2, putFailures: 1 }, /unknown field "putFailures"/],
  ])('refuses %j', (body, problem) => {
    const parsed = parseDeliveryFaults(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});

describe('countExtraOutcome', () => {
  it('counts 2xx as succeeded, any other end as failed, and a shutdown as neither', () => {
    const outcomes: AttemptOutcome[] = [
      answered(200),
      answered(204),
      answered(503),
      answered(302),
      { kind: 'deadline-exceeded' },
      { kind: 'network-error', message: 'ECONNREFUSED' },
      { kind: 'cancelled' },
    ];
    expect(outcomes.reduce(countExtraOutcome, noExtraDeliveries)).toEqual({
      sent: 0,
      succeeded: 2,
      failed: 4,
    });
  });
});

describe('DeliveryFaults', () => {
  it('switches at run time and clears back to the start setting with zeroed counters', () => {
    const faults = new DeliveryFaults(2);
    expect(faults.state()).toEqual({ duplicateDeliveries: 2, extraDeliveries: noExtraDeliveries });

    expect(faults.apply({ duplicateDeliveries: 4 }).ok).toBe(true);
    faults.extraSent(3);
    faults.extraEnded(answered(200));
    faults.extraEnded(answered(500));
    expect(faults.copies).toBe(4);
    expect(faults.state()).toEqual({
      duplicateDeliveries: 4,
      extraDeliveries: { sent: 3, succeeded: 1, failed: 1 },
    });

    expect(faults.apply({ duplicateDeliveries: 11 }).ok).toBe(false);
    expect(faults.copies).toBe(4);

    faults.clear();
    expect(faults.state()).toEqual({ duplicateDeliveries: 2, extraDeliveries: noExtraDeliveries });
  });

  it('refuses an invalid start setting', () => {
    expect(() => new DeliveryFaults(0)).toThrow(/from 1 to 10, got 0/);
  });
});
