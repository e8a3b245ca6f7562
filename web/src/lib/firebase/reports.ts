/** Reporting a post through the `reportPost` callable. */
import type { ReportPostRequest, ReportPostResponse } from '@phoenix/core';
import { callAction, type ActionResult } from './callable.ts';

/**
 * Sends one report. A second report of the same post by the same user is
 * not an error: the server answers `counted: false`, and the form says so.
 */
export async function reportPost(
  request: ReportPostRequest,
): Promise<ActionResult<Pick<ReportPostResponse, 'counted' | 'hidden'>>> {
  const result = await callAction<ReportPostRequest, ReportPostResponse>('reportPost', request);
  return result.ok ? { ok: true, counted: result.data.counted, hidden: result.data.hidden } : result;
}
