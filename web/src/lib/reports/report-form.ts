/**
 * The report form's rules and words. Pure: the reasons, their labels and the
 * text limit are core's, so the form offers exactly what `reportPost` takes.
 */
import {
  REPORT_TEXT_MAX_CHARS,
  reportReasonLabels,
  reportReasons,
  type ReportPostRequest,
  type ReportReason,
} from '@phoenix/core';

/** The reasons in the order the form lists them, with their labels. */
export const reportChoices: readonly { value: ReportReason; label: string }[] = reportReasons.map(
  (value) => ({ value, label: reportReasonLabels[value] }),
);

export type ReportDraft =
  { ok: true; request: ReportPostRequest } | { ok: false; field: 'reason' | 'text'; message: string };

function isReason(value: string | null): value is ReportReason {
  return value !== null && (reportReasons as readonly string[]).includes(value);
}

/**
 * The request for what the form holds, or what to fix first. Blank text is
 * left out rather than sent empty.
 * @param maxChars longest text; default {@link REPORT_TEXT_MAX_CHARS}.
 */
export function buildReport(
  postId: string,
  reason: string | null,
  text: string,
  maxChars = REPORT_TEXT_MAX_CHARS,
): ReportDraft {
  if (!isReason(reason)) return { ok: false, field: 'reason', message: 'Pick the reason that fits best.' };
  const trimmed = text.trim();
  if (trimmed.length > maxChars) {
    return {
      ok: false,
      field: 'text',
      message: `Keep it to ${maxChars} characters; this is ${trimmed.length}.`,
    };
  }
  return { ok: true, request: trimmed ? { postId, reason, text: trimmed } : { postId, reason } };
}

/** "120 characters left", said under the text box. */
export function charactersLeft(text: string, maxChars = REPORT_TEXT_MAX_CHARS): string {
  const left = maxChars - text.trim().length;
  if (left < 0) return `${-left} character${left === -1 ? '' : 's'} too many`;
  return `${left} character${left === 1 ? '' : 's'} left`;
}

/** What the dialog says once the server answered. */
export function reportOutcome(result: { counted: boolean; hidden: boolean }): {
  title: string;
  body: string;
} {
  if (!result.counted) {
    return {
      title: 'You already reported this post',
      body: 'One report per person counts. Thanks — we’ll review it.',
    };
  }
  return {
    title: 'Thanks — we’ll review it',
    body: result.hidden
      ? 'Enough people reported this post that it is now hidden from Explore until a moderator reviews it.'
      : 'A moderator will look at this post. Posts that several people report are hidden until reviewed.',
  };
}
