import { describe, expect, it } from 'vitest';
import {
  describeLedgerLine,
  describeTokenMovement,
  formatSignedTokens,
  ledgerTone,
} from './ledger-presentation.ts';

describe('formatSignedTokens', () => {
  it('signs tokens in with a plus and tokens out with a true minus', () => {
    expect(formatSignedTokens(4)).toBe('+4');
    expect(formatSignedTokens(-2)).toBe('\u22122');
    expect(formatSignedTokens(-12)).toBe('\u221212');
    expect(formatSignedTokens(0)).toBe('0');
  });
});

describe('ledgerTone', () => {
  it('colours grants and refunds as credit, debits as debit, by the sign of the amount', () => {
    expect(ledgerTone(50)).toBe('credit');
    expect(ledgerTone(1)).toBe('credit');
    expect(ledgerTone(-1)).toBe('debit');
    expect(ledgerTone(0)).toBe('neutral');
  });
});

describe('describeTokenMovement', () => {
  it('says the direction in words, so the colour is never the only cue', () => {
    expect(describeTokenMovement(3)).toBe('3 tokens in');
    expect(describeTokenMovement(1)).toBe('1 token in');
    expect(describeTokenMovement(-2)).toBe('2 tokens spent');
    expect(describeTokenMovement(-1)).toBe('1 token spent');
    expect(describeTokenMovement(0)).toBe('no change');
  });
});

describe('describeLedgerLine', () => {
  it('renders coded reasons with core’s sentences', () => {
    expect(describeLedgerLine('grant', { code: 'starting_grant' })).toBe('Welcome tokens');
    expect(describeLedgerLine('debit', { code: 'job_accepted', count: 2, model: 'm' })).toBe(
      '2 images with m',
    );
    expect(describeLedgerLine('refund', { code: 'job_failed', error: 'safety_blocked' })).toBe(
      'Refund: the safety filter blocked the prompt',
    );
  });

  it('reads a line whose reason is not a known code by its kind, never as blank', () => {
    expect(describeLedgerLine('refund', 'Cloud Tasks: 14 UNAVAILABLE')).toBe('Refund');
    expect(describeLedgerLine('debit', null)).toBe('Tokens spent');
    expect(describeLedgerLine('grant', { code: 'a_code_from_the_future' })).toBe('Tokens added');
  });
});
