/**
 * A user's ledger line as the Users tab shows it, rendered with core's
 * `describeLedgerReason`. Pure: `data` is what `snapshot.data()` returns. A
 * line whose reason cannot be read still shows, by its kind.
 */
import { describeLedgerReason, type LedgerEntryDoc, type LedgerKind, type LedgerReason } from '@phoenix/core';

export interface AdminLedgerLine {
  id: string;
  kind: LedgerKind | string;
  tokens: number;
  balanceAfter: number;
  jobId: string | null;
  description: string;
  createdAtMs: number;
}

const fallbacks: Record<string, string> = {
  grant: 'Tokens added',
  admin_grant: 'Gift from Phoenix',
  debit: 'Tokens spent',
  refund: 'Refund',
};

export function describeLine(kind: string, reason: unknown): string {
  const fallback = fallbacks[kind] ?? 'Tokens moved';
  if (typeof reason !== 'object' || reason === null || !('code' in reason)) return fallback;
  const sentence: unknown = describeLedgerReason(reason as LedgerReason);
  return typeof sentence === 'string' && sentence !== '' ? sentence : fallback;
}

export function toAdminLedgerLine(
  id: string,
  data: Partial<LedgerEntryDoc>,
  createdAtMs: number,
): AdminLedgerLine {
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const kind = typeof data.kind === 'string' ? data.kind : 'grant';
  return {
    id,
    kind,
    tokens: number(data.tokens),
    balanceAfter: number(data.balanceAfter),
    jobId: typeof data.jobId === 'string' && data.jobId !== '' ? data.jobId : null,
    description: describeLine(kind, data.reason),
    createdAtMs,
  };
}
