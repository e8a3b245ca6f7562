import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  markNotificationsReadRequestSchema,
  nextReadMarkerMs,
  parseRequest,
  paths,
  type MarkNotificationsReadResponse,
  type NotificationStateDoc,
} from '@phoenix/core';

/**
 * `markNotificationsRead({ upTo? })`: moves the caller's read marker to `upTo`
 * (epoch ms), or to now when absent, so everything updated up to then counts
 * as read. The marker only moves forward (see core's `nextReadMarkerMs`).
 * @param nowMs the server's clock, in epoch ms; injectable for tests.
 */
export async function markNotificationsRead(
  db: Firestore,
  uid: string,
  data: unknown,
  nowMs: () => number = Date.now,
): Promise<MarkNotificationsReadResponse> {
  const { upTo } = parseRequest(markNotificationsReadRequestSchema, data ?? {});
  const ref = db.doc(paths.notificationState(uid));
  return db.runTransaction(async (tx) => {
    const state = (await tx.get(ref)).data() as NotificationStateDoc<Timestamp> | undefined;
    const readUpTo = nextReadMarkerMs(state?.readUpTo?.toMillis() ?? null, upTo, nowMs());
    const next: NotificationStateDoc<Timestamp> = { readUpTo: Timestamp.fromMillis(readUpTo) };
    tx.set(ref, next, { merge: true });
    return { readUpTo };
  });
}
