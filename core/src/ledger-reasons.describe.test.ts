import { describe, expect, it } from 'vitest';
import { describeLedgerReason } from './ledger-reasons.ts';

describe('describeLedgerReason', () => {
  it('renders every coded reason as a sentence for the user', () => {
    expect(describeLedgerReason({ code: 'starting_grant' })).toBe('Welcome tokens');
    expect(describeLedgerReason({ code: 'job_accepted', count: 2, model: 'gemini-3.1-flash-image' })).toBe(
      '2 images with Gemini 3.1 Flash Image',
    );
    expect(
      describeLedgerReason({ code: 'video_accepted', seconds: 8, model: 'veo-3.1-fast-generate-001' }),
    ).toBe('8 s video with Veo 3.1 Fast');
    expect(describeLedgerReason({ code: 'outputs_undelivered', undelivered: 1 })).toBe(
      '1 image not delivered, refunded',
    );
    expect(describeLedgerReason({ code: 'job_canceled' })).toBe('Refund: you canceled the job');
  });

  it('explains a failure by its code, never with a service’s text', () => {
    expect(describeLedgerReason({ code: 'job_failed', error: 'queue_unavailable' })).toBe(
      'Refund: the job could not be queued',
    );
    expect(describeLedgerReason({ code: 'job_failed', error: 'safety_blocked' })).toBe(
      'Refund: the safety filter blocked the prompt',
    );
  });

  it('says something sensible for a code it does not know (a newer writer)', () => {
    expect(describeLedgerReason({ code: 'job_failed', error: 'brand_new' as never })).toBe(
      'Refund: something went wrong on our side',
    );
  });
});
