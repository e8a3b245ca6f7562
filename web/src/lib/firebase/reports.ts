/** Reporting a post through the `reportPost` callable. */
import type { ReportPostRequest, ReportPostResponse } from '@phoenix/core';
import { httpsCallable } from 'firebase/functions';
import { getFirebase } from './app.ts';
import { describeCallableError } from './callable-errors.ts';
import type { ActionResult } from './jobs.ts';

/**
 * Sends one report. A second report of the same post by the same user is
 * not an error: the server answers `counted: false`, and the form says so.
 */
export async function reportPost(
  request: ReportPostRequest,
): Promise<ActionResult<Pick<ReportPostResponse, 'counted' | 'hidden'>>> {
  try {
    const call = httpsCallable<ReportPostRequest, ReportPostResponse>(getFirebase().functions, 'reportPost');
    const { data } = await call(request);
    return { ok: true, counted: data.counted, hidden: data.hidden };
  } catch (error) {
    return { ok: false, ...describeCallableError(error) };
  }
}
