/**
 * Notification documents as the bell holds them: plain data, times in epoch
 * ms. Pure: the input is what `snapshot.data()` returns, and a document the
 * server wrote in an older shape (or damaged) becomes `null` and is skipped
 * rather than breaking the whole panel.
 */
import type { NotificationBody, TimeLike } from '@phoenix/core';

/**
 * One notification: its id, what it says (core's body) and when it last
 * changed. `updatedAtMs` may carry a fraction of a millisecond, since the
 * server's clock is finer than ms.
 */
export type NotificationView = NotificationBody & { id: string; updatedAtMs: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function timeMs(time: unknown): number | null {
  if (!isRecord(time) || typeof time.toMillis !== 'function') return null;
  const ms = (time as unknown as TimeLike).toMillis();
  return Number.isFinite(ms) ? ms : null;
}

const str = (value: unknown): value is string => typeof value === 'string' && value !== '';
const num = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Whether `data` carries what its kind needs to be shown. */
function validBody(kind: unknown, data: Record<string, unknown>): boolean {
  switch (kind) {
    case 'job_succeeded':
      return str(data.jobId);
    case 'job_refunded':
      return str(data.jobId) && isRecord(data.reason);
    case 'low_credits':
      return num(data.balance);
    case 'post_liked':
      return str(data.postId) && isRecord(data.latestLiker);
    case 'post_under_review':
      return str(data.postId);
    case 'post_moderated':
      return (
        str(data.postId) && (data.outcome === 'restored' || data.outcome === 'removed') && str(data.note)
      );
    case 'tokens_granted':
      return num(data.tokens) && str(data.note);
    default:
      return false;
  }
}

/** A stored notification as the panel shows it, or null when it cannot be shown. */
export function toNotificationView(id: string, raw: unknown): NotificationView | null {
  if (!isRecord(raw) || !isRecord(raw.data)) return null;
  const updatedAtMs = timeMs(raw.updatedAt);
  if (updatedAtMs === null || !validBody(raw.kind, raw.data)) return null;
  return { id, kind: raw.kind, data: raw.data, updatedAtMs } as NotificationView;
}
