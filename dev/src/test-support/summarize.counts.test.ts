import { describe, expect, it } from 'vitest';
import { countsOf } from './summarize.ts';

describe('countsOf', () => {
  it('reads a vitest JSON report', () => {
    expect(
      countsOf({
        numTotalTests: 5,
        numPassedTests: 3,
        numFailedTests: 1,
        numPendingTests: 1,
        numTodoTests: 0,
      }),
    ).toEqual({ passed: 3, failed: 1, skipped: 1 });
  });

  it('reads a Playwright JSON report, counting flaky passes as passed', () => {
    expect(countsOf({ stats: { expected: 4, unexpected: 2, flaky: 1, skipped: 3 } })).toEqual({
      passed: 5,
      failed: 2,
      skipped: 3,
    });
  });
});
