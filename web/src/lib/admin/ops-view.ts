/**
 * Words for the Ops tab and the overview's alerts: scaling events and alert
 * deliveries. Pure.
 */
import type { SpendAlertDoc } from '@phoenix/core';

export type ScalingCause = 'budget_exhausted' | 'budget_restored' | 'admin';

export interface ScalingEventView {
  id: string;
  service: string;
  from: number | null;
  to: number;
  cause: ScalingCause | string;
  by: string | null;
  period: string;
  atMs: number;
}

const causes: Record<ScalingCause, string> = {
  budget_exhausted: 'the budget was spent',
  budget_restored: 'the budget has room again',
  admin: 'an admin set it',
};

/** "image: 10 → 1, because the budget was spent". */
export function describeScalingEvent(
  event: Pick<ScalingEventView, 'service' | 'from' | 'to' | 'cause'>,
): string {
  const from = event.from === null ? 'unknown' : String(event.from);
  const why = causes[event.cause as ScalingCause] ?? event.cause;
  return `${event.service}: ${from} → ${event.to}, because ${why}`;
}

export interface AlertView {
  id: string;
  threshold: number;
  atMs: number;
  usedMicroUsd: number;
  capMicroUsd: number;
  delivery: SpendAlertDoc['delivery'];
}

/** Newest first, so the alert that just fired is on top. */
export function newestFirst<T extends { atMs: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.atMs - a.atMs);
}

/** The webhook delivery of an alert, in words. */
export function describeDelivery(delivery: AlertView['delivery']): string {
  const tries = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
  switch (delivery.state) {
    case 'sent':
      return `Webhook delivered (${tries})`;
    case 'none':
      return 'No webhook set';
    case 'sending':
      return 'Webhook: sending…';
    default:
      return delivery.attempts === 0
        ? 'Webhook: waiting to send'
        : `Webhook: retrying after ${tries}${delivery.lastError ? ` (${delivery.lastError})` : ''}`;
  }
}
