/**
 * One request id per intent to generate. When a submit fails in transit (the
 * answer was lost, so the job may exist), the same values submitted again
 * reuse the id and the server answers with that job instead of charging
 * twice. A definite answer, or changed values, starts a new intent. Which
 * failures are uncertain is core's call, made from the error's own domain
 * code, not its HTTPS code: `queue_unavailable` travels as `unavailable` but
 * its job was failed and refunded, and reusing the id would replay that.
 *
 * The intent is everything the call sends but the id, the remix link
 * included: a retry resends exactly what the first try sent, and dropping the
 * link is a changed intent like any changed value.
 */
import { mayRetryWithSameRequest, type ImageRequest } from '@phoenix/core';

/** How a submit ended, as `createImageJob` and `createVideoJob` report it. */
export type SubmitOutcome =
  | { ok: true }
  | {
      ok: false;
      /** The callable code, e.g. `unavailable`. */
      code: string;
      /** Core's error code from the server's details, when it sent one. */
      errorCode?: string;
    };

/** What one submit sends, less its request id: the checked request and, for a remix, the post it came from. */
export type JobIntent = ImageRequest & { remixOf?: string };

/** The request with the remix link beside it, or the request alone when there is none. */
export function jobIntent(request: ImageRequest, remixOf: string | null): JobIntent {
  return remixOf === null ? request : { ...request, remixOf };
}

/** @typeParam Intent What one submit sends less its id: an image {@link JobIntent} or a video request. */
export function requestIds<Intent = JobIntent>(newId: () => string = () => crypto.randomUUID()) {
  let pending: { key: string; id: string } | null = null;
  return {
    idFor(intent: Intent): string {
      const key = JSON.stringify(intent);
      if (pending?.key !== key) pending = { key, id: newId() };
      return pending.id;
    },
    settle(outcome: SubmitOutcome): void {
      if (outcome.ok || !mayRetryWithSameRequest({ code: outcome.errorCode, httpsCode: outcome.code })) {
        pending = null;
      }
    },
  };
}
