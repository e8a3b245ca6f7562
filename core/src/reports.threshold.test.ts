import { describe, expect, it } from 'vitest';
import {
  REPORT_HIDE_THRESHOLD,
  REPORT_TEXT_MAX_CHARS,
  planReport,
  reportPostRequestSchema,
  reportReasonLabels,
  reportReasons,
} from './reports.ts';

describe('report threshold', () => {
  it('hides the post on exactly the report that reaches the threshold', () => {
    expect(REPORT_HIDE_THRESHOLD).toBe(3);
    expect(planReport(0)).toEqual({ reportCount: 1, hide: false });
    expect(planReport(1)).toEqual({ reportCount: 2, hide: false });
    expect(planReport(2)).toEqual({ reportCount: 3, hide: true });
    expect(planReport(3)).toEqual({ reportCount: 4, hide: false });
  });

  it('takes another threshold when given one', () => {
    expect(planReport(0, 1)).toEqual({ reportCount: 1, hide: true });
    expect(planReport(3, 5).hide).toBe(false);
  });
});

describe('reportPost request', () => {
  const valid = { postId: 'job_0', reason: 'spam' };

  it('takes a post id, a reason from the list and optional trimmed text', () => {
    expect(reportPostRequestSchema.parse({ ...valid, text: '  copied from my feed ' })).toEqual({
      ...valid,
      text: 'copied from my feed',
    });
    expect(Object.keys(reportReasonLabels).sort()).toEqual([...reportReasons].sort());
  });

  it('refuses an unknown reason, over-long or broken text, a path or reserved id as post id and extra fields', () => {
    expect(reportPostRequestSchema.safeParse({ ...valid, reason: 'ugly' }).success).toBe(false);
    expect(
      reportPostRequestSchema.safeParse({ ...valid, text: 'x'.repeat(REPORT_TEXT_MAX_CHARS + 1) }).success,
    ).toBe(false);
    expect(
      reportPostRequestSchema.safeParse({ ...valid, text: 'x'.repeat(REPORT_TEXT_MAX_CHARS) }).success,
    ).toBe(true);
    expect(reportPostRequestSchema.safeParse({ ...valid, postId: 'a/b' }).success).toBe(false);
    expect(reportPostRequestSchema.safeParse({ ...valid, postId: '__x__' }).success).toBe(false);
    expect(reportPostRequestSchema.safeParse({ ...valid, text: 'half \uD83D an emoji' }).success).toBe(false);
    expect(reportPostRequestSchema.safeParse({ ...valid, uid: 'someone' }).success).toBe(false);
  });
});
