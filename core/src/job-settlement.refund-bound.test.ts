import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settleFromQuote } from './job-settlement.ts';

const quote = fc.record({
  tokens: fc.integer({ min: 0, max: 1_000_000 }),
  reservedMicroUsd: fc.integer({ min: 0, max: 1_000_000_000 }),
});
const counts = fc
  .integer({ min: 1, max: 16 })
  .chain((requested) => fc.tuple(fc.constant(requested), fc.integer({ min: 0, max: requested })));

describe('settleFromQuote', () => {
  it('always splits the debit exactly: refunded + settled = debited, refund within [0, debit]', () => {
    fc.assert(
      fc.property(quote, counts, (cost, [requested, delivered]) => {
        const settled = settleFromQuote(cost, requested, delivered);
        expect(settled.tokensRefunded + (settled.tokensSettled ?? NaN)).toBe(cost.tokens);
        expect(settled.tokensRefunded).toBeGreaterThanOrEqual(0);
        expect(settled.tokensRefunded).toBeLessThanOrEqual(cost.tokens);
        expect(Number.isInteger(settled.tokensRefunded)).toBe(true);
        expect(settled.settledMicroUsd).toBeGreaterThanOrEqual(0);
        expect(settled.settledMicroUsd).toBeLessThanOrEqual(cost.reservedMicroUsd);
        expect(Number.isInteger(settled.settledMicroUsd)).toBe(true);
      }),
    );
  });

  it('refunds everything for nothing delivered and nothing for everything delivered', () => {
    fc.assert(
      fc.property(quote, fc.integer({ min: 1, max: 16 }), (cost, requested) => {
        expect(settleFromQuote(cost, requested, 0).tokensRefunded).toBe(cost.tokens);
        expect(settleFromQuote(cost, requested, 0).settledMicroUsd).toBe(0);
        expect(settleFromQuote(cost, requested, requested).tokensRefunded).toBe(0);
        expect(settleFromQuote(cost, requested, requested).settledMicroUsd).toBe(cost.reservedMicroUsd);
      }),
    );
  });

  it('never refunds less for delivering less', () => {
    fc.assert(
      fc.property(quote, counts, (cost, [requested, delivered]) => {
        fc.pre(delivered > 0);
        const fewer = settleFromQuote(cost, requested, delivered - 1).tokensRefunded;
        expect(fewer).toBeGreaterThanOrEqual(settleFromQuote(cost, requested, delivered).tokensRefunded);
      }),
    );
  });

  it('treats a delivered count past the request as the whole request', () => {
    expect(settleFromQuote({ tokens: 8, reservedMicroUsd: 80 }, 4, 9).tokensRefunded).toBe(0);
  });
});
