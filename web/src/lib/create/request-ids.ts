/**
 * One request id per intent to generate. When a submit fails in transit (the
 * answer was lost, so the job may exist), the same values submitted again
 * reuse the id and the server answers with that job instead of charging
 * twice. A definite answer, or changed values, starts a new intent. Which
 * failures are uncertain is core's call, made from the error's own domain
 * code, not its HTTPS code: `queue_unavailable` travels as `unavailable` but
 * its job was failed and refunded, and reusing the id would replay that.
 */
import { mayRetryWithSameRequest, type ImageRequest } from '@phoenix/core';

/** How a submit ended, as `createImageJob` reports it. */
export type SubmitOutcome =
  | { ok: true }
  | {
      ok: false;
      /** The callable code, e.g. `unavailable`. */
      code: string;
      /** Core's error code from the server's details, when it sent one. */
      errorCode?: string;
    };

export function requestIds(newId: () => string = () => crypto.randomUUID()) {
  let pending: { key: string; id: string } | null = null;
  return {
    idFor(request: ImageRequest): string {
      const key = JSON.stringify(request);
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
