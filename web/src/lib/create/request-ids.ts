/**
 * One request id per intent to generate. When a submit fails in transit (the
 * answer was lost, so the job may exist), the same values submitted again
 * reuse the id and the server answers with that job instead of charging
 * twice. A definite answer, or changed values, starts a new intent.
 */
import type { ImageRequest } from '@phoenix/core';

/** Callable codes that say nothing about whether the server acted. */
const uncertainOutcomes = new Set(['unavailable', 'deadline-exceeded', 'internal']);

export function requestIds(newId: () => string = () => crypto.randomUUID()) {
  let pending: { key: string; id: string } | null = null;
  return {
    idFor(request: ImageRequest): string {
      const key = JSON.stringify(request);
      if (pending?.key !== key) pending = { key, id: newId() };
      return pending.id;
    },
    settle(outcome: { ok: true } | { ok: false; code: string }): void {
      if (outcome.ok || !uncertainOutcomes.has(outcome.code)) pending = null;
    },
  };
}
