import { REPORT_TEXT_MAX_CHARS, reportReasons } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { buildReport, charactersLeft, reportChoices, reportOutcome } from './report-form.ts';

describe('reportChoices', () => {
  it('offers every reason core accepts, in core’s order, with its label', () => {
    expect(reportChoices.map((choice) => choice.value)).toEqual([...reportReasons]);
    expect(reportChoices.find((choice) => choice.value === 'spam')?.label).toBe('Spam or scam');
  });
});

describe('buildReport', () => {
  it('asks for a reason first', () => {
    expect(buildReport('p1', null, '')).toEqual({
      ok: false,
      field: 'reason',
      message: 'Pick the reason that fits best.',
    });
    expect(buildReport('p1', 'boring', '')).toMatchObject({ ok: false, field: 'reason' });
  });

  it('leaves blank text out and trims the rest', () => {
    expect(buildReport('p1', 'spam', '   ')).toEqual({ ok: true, request: { postId: 'p1', reason: 'spam' } });
    expect(buildReport('p1', 'other', '  links to a scam  ')).toEqual({
      ok: true,
      request: { postId: 'p1', reason: 'other', text: 'links to a scam' },
    });
  });

  it('refuses text past core’s limit, saying by how much', () => {
    const long = 'x'.repeat(REPORT_TEXT_MAX_CHARS + 1);
    expect(buildReport('p1', 'other', long)).toEqual({
      ok: false,
      field: 'text',
      message: `Keep it to ${REPORT_TEXT_MAX_CHARS} characters; this is ${REPORT_TEXT_MAX_CHARS + 1}.`,
    });
    expect(buildReport('p1', 'other', 'x'.repeat(REPORT_TEXT_MAX_CHARS)).ok).toBe(true);
  });
});

describe('charactersLeft', () => {
  it('counts down to the limit and past it', () => {
    expect(charactersLeft('', 10)).toBe('10 characters left');
    expect(charactersLeft('123456789', 10)).toBe('1 character left');
    expect(charactersLeft('12345678901', 10)).toBe('1 character too many');
    expect(charactersLeft('123456789012', 10)).toBe('2 characters too many');
  });
});

describe('reportOutcome', () => {
  it('thanks a counted report, and says when it hid the post', () => {
    expect(reportOutcome({ counted: true, hidden: false }).title).toBe('Thanks — we’ll review it');
    expect(reportOutcome({ counted: true, hidden: true }).body).toMatch(/now hidden from Explore/);
  });

  it('says so when this person had already reported the post', () => {
    expect(reportOutcome({ counted: false, hidden: false }).title).toBe('You already reported this post');
  });
});
