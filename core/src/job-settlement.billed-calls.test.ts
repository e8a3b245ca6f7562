import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settleFromQuote } from './job-settlement.ts';

const cost = { tokens: 8, reservedMicroUsd: 268_000 };

describe('settleFromQuote with billed calls', () => {
  it('settles one output’s price per billed call, so retried calls cost more than the reservation', () => {
    expect(settleFromQuote({ ...cost, billedCalls: 6 }, 4, 4)).toEqual({
      tokensSettled: 8,
      settledMicroUsd: 402_000,
      tokensRefunded: 0,
    });
  });

  it('settles nothing when no call was billed, and still refunds the undelivered tokens', () => {
    expect(settleFromQuote({ ...cost, billedCalls: 0 }, 4, 0)).toEqual({
      tokensSettled: 0,
      settledMicroUsd: 0,
      tokensRefunded: 8,
    });
  });

  it('keeps the user’s refund to what was delivered whatever Vertex billed', () => {
    const partial = settleFromQuote({ ...cost, billedCalls: 5 }, 4, 3);
    expect(partial).toEqual({ tokensSettled: 6, settledMicroUsd: 335_000, tokensRefunded: 2 });
  });

  it('settles whole micro-dollars, rounded down', () => {
    expect(
      settleFromQuote({ tokens: 3, reservedMicroUsd: 100_000, billedCalls: 2 }, 3, 3).settledMicroUsd,
    ).toBe(66_666);
  });

  it('never lets billed calls move the token split', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((requested) =>
            fc.tuple(
              fc.constant(requested),
              fc.integer({ min: 0, max: requested }),
              fc.integer({ min: 0, max: 40 }),
            ),
          ),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        ([requested, delivered, billedCalls], tokens, reservedMicroUsd) => {
          const withCalls = settleFromQuote({ tokens, reservedMicroUsd, billedCalls }, requested, delivered);
          const without = settleFromQuote({ tokens, reservedMicroUsd }, requested, delivered);
          expect(withCalls.tokensRefunded).toBe(without.tokensRefunded);
          expect(withCalls.tokensSettled).toBe(without.tokensSettled);
          expect(withCalls.settledMicroUsd).toBe(Math.floor((reservedMicroUsd * billedCalls) / requested));
        },
      ),
    );
  });
});

describe('settleFromQuote without billed calls (jobs from before they were counted)', () => {
  it('settles the delivered share of the reservation, as before', () => {
    expect(settleFromQuote(cost, 4, 3)).toEqual({
      tokensSettled: 6,
      settledMicroUsd: 201_000,
      tokensRefunded: 2,
    });
    expect(settleFromQuote(cost, 4, 0)).toEqual({ tokensSettled: 0, settledMicroUsd: 0, tokensRefunded: 8 });
    expect(settleFromQuote(cost, 4, 4)).toEqual({
      tokensSettled: 8,
      settledMicroUsd: 268_000,
      tokensRefunded: 0,
    });
  });
});
