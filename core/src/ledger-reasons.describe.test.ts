import { describe, expect, it } from 'vitest';
import { errorCodes } from './errors.ts';
import { describeLedgerReason } from './ledger-reasons.ts';

describe('describeLedgerReason', () => {
  it('renders every coded reason as a sentence for the user', () => {
    expect(describeLedgerReason({ code: 'starting_grant' })).toBe('Welcome tokens');
    expect(describeLedgerReason({ code: 'job_accepted', count: 2, model: 'gemini-3.1-flash-image' })).toBe(
      '2 images with Gemini 3.1 Flash Image',
    );
    expect(describeLedgerReason({ code: 'outputs_undelivered', undelivered: 1 })).toBe(
      '1 image not delivered, refunded',
    );
    expect(describeLedgerReason({ code: 'job_canceled' })).toBe('Refund: you canceled the job');
  });

  it('explains a failure with the error table’s own message, never a service’s text', () => {
    expect(describeLedgerReason({ code: 'job_failed', error: 'queue_unavailable' })).toBe(
      `Refund: ${errorCodes.queue_unavailable.message}`,
    );
  });
});
