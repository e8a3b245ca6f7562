/**
 * How a ledger line reads on screen: its signed amount, its colour and its
 * sentence. Pure; the sentence itself is core's (`describeLedgerReason`), so
 * the words for a reason code are written once.
 */
import { describeLedgerReason, type LedgerKind, type LedgerReason } from '@phoenix/core';

/** A ledger line as the history shows it: plain data, time in epoch ms. */
export interface LedgerLineView {
  id: string;
  kind: LedgerKind;
  /** Signed, in tokens: debits are negative. */
  tokens: number;
  /** The balance right after this line, in tokens. */
  balanceAfter: number;
  jobId: string | null;
  /** What happened, in words (core's rendering of the coded reason). */
  description: string;
  createdAtMs: number;
}

/** `credit` for tokens in (grants, refunds), `debit` for tokens out. */
export type LedgerTone = 'credit' | 'debit' | 'neutral';

/** The colour a line's amount takes, from its sign. */
export function ledgerTone(tokens: number): LedgerTone {
  if (tokens > 0) return 'credit';
  if (tokens < 0) return 'debit';
  return 'neutral';
}

/**
 * `+4`, `−2` (a true minus sign, which lines up with the plus in tabular
 * figures and is read as "minus"), `0`.
 */
export function formatSignedTokens(tokens: number): string {
  if (tokens > 0) return `+${tokens}`;
  if (tokens < 0) return `\u2212${Math.abs(tokens)}`;
  return '0';
}

/** Said with the amount, so a screen reader does not rely on the colour. */
export function describeTokenMovement(tokens: number): string {
  const amount = Math.abs(tokens);
  const unit = amount === 1 ? 'token' : 'tokens';
  if (tokens > 0) return `${amount} ${unit} in`;
  if (tokens < 0) return `${amount} ${unit} spent`;
  return 'no change';
}

/** Used when a line's reason cannot be read (written by an older version, or damaged). */
const fallbackByKind: Record<LedgerKind, string> = {
  grant: 'Tokens added',
  debit: 'Tokens spent',
  refund: 'Refund',
  admin_grant: 'Gift from Phoenix',
};

/**
 * The sentence for a line. A reason that is not a known code never breaks the
 * list: the line still reads by its kind.
 */
export function describeLedgerLine(kind: LedgerKind, reason: unknown): string {
  const fallback = fallbackByKind[kind] ?? 'Tokens moved';
  if (typeof reason !== 'object' || reason === null || !('code' in reason)) return fallback;
  const sentence: unknown = describeLedgerReason(reason as LedgerReason);
  return typeof sentence === 'string' && sentence !== '' ? sentence : fallback;
}
