import type { Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { alertWebhookBody, paths, type SpendAlertDoc } from '@phoenix/core';

/** How delivery to the alert webhook behaves; every field has a default. */
export interface WebhookOptions {
  fetch?: typeof fetch;
  /** Attempts in one go before the scheduled retry takes over (default 3). */
  attempts?: number;
  /** Wait before the second attempt, doubled each time, in ms (default 500). */
  backoffMs?: number;
  /** Longest wait for the receiver's answer, in ms (default 10,000). */
  timeoutMs?: number;
  /** How long a claimed delivery is left to its sender before another may send, in ms (default 60,000). */
  claimMs?: number;
  nowMs?: () => number;
}

type AlertDelivery = SpendAlertDoc['delivery'] & { claimedUntilMs?: number };

/**
 * POSTs one alert to the webhook, at most once successfully: a sender first
 * claims the alert in a transaction (state `sending` until `claimedUntilMs`),
 * so two checks never both send it, and a sent alert is never sent again. A
 * failed POST is retried with backoff, then left `pending` for the scheduled
 * retry. (A sender that dies after the receiver answered but before marking
 * it sent leaves it to be sent again once its claim lapses: the one
 * duplicate no HTTP webhook can rule out.)
 */
export async function deliverAlert(
  db: Firestore,
  alert: { period: string; id: string },
  url: string | null,
  options: WebhookOptions = {},
): Promise<'sent' | 'pending' | 'skipped'> {
  const now = options.nowMs ?? Date.now;
  const ref = db.doc(paths.spendAlert(alert.period, alert.id));
  const claimed = await db.runTransaction(async (tx) => {
    const doc = (await tx.get(ref)).data() as (SpendAlertDoc & { delivery: AlertDelivery }) | undefined;
    if (!doc) return null;
    const { delivery } = doc;
    if (delivery.state === 'sent' || delivery.state === 'none') return null;
    if (delivery.state === 'sending' && (delivery.claimedUntilMs ?? 0) > now()) return null;
    if (!url) {
      tx.update(ref, { delivery: { ...delivery, state: 'none' } });
      return null;
    }
    tx.update(ref, {
      delivery: { ...delivery, state: 'sending', claimedUntilMs: now() + (options.claimMs ?? 60_000) },
    });
    return doc;
  });
  if (!claimed || !url) return 'skipped';

  const attempts = options.attempts ?? 3;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const response = await (options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alertWebhookBody(claimed)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (response.ok) {
        await ref.update({
          delivery: { state: 'sent', attempts: claimed.delivery.attempts + attempt, lastError: null },
        });
        return 'sent';
      }
      lastError = `webhook answered ${response.status}`;
    } catch (error) {
      lastError = `webhook unreachable: ${(error as Error).message}`;
    }
    if (attempt < attempts) await sleep((options.backoffMs ?? 500) * 2 ** (attempt - 1));
  }
  logger.warn('budget alert not delivered yet; the scheduled check retries it', { ...alert, lastError });
  await ref.update({
    delivery: { state: 'pending', attempts: claimed.delivery.attempts + attempts, lastError },
  });
  return 'pending';
}

/** Retries every alert of `period` whose delivery is still pending (or whose sender's claim lapsed). */
export async function retryAlertDeliveries(
  db: Firestore,
  period: string,
  url: string | null,
  options: WebhookOptions = {},
): Promise<void> {
  const open = await db
    .collection(paths.spendAlerts(period))
    .where('delivery.state', 'in', ['pending', 'sending'])
    .get();
  for (const doc of open.docs) await deliverAlert(db, { period, id: doc.id }, url, options);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
