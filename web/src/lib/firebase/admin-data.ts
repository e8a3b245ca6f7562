/**
 * Live reads of the console's Users, Moderation, Analytics and Ops tabs.
 * Built on the listeners of `admin-live.ts`.
 */
import {
  analyticsPaths,
  collections,
  paths,
  type AccountDoc,
  type LedgerEntryDoc,
  type OpsRollupDoc,
  type PromptTermsDoc,
  type ReportDoc,
  type TimeLike,
  type TopRemixedDoc,
} from '@phoenix/core';
import { collection, limit, orderBy, query, where } from 'firebase/firestore';
import type { Readable } from 'svelte/store';
import { toAdminLedgerLine, type AdminLedgerLine } from '../admin/admin-ledger.ts';
import { moderationOrder, type ModerationPost } from '../admin/moderation.ts';
import { toOpsView, type OpsView } from '../admin/ops-health.ts';
import type { ScalingEventView } from '../admin/ops-view.ts';
import { dataOf, liveDoc, liveQuery, type Live } from './admin-live.ts';
import { getFirebase } from './app.ts';
import { millis } from './documents.ts';

/** Ledger lines the Users tab shows. */
export const ADMIN_LEDGER_LIMIT = 50;
/** Hidden posts the moderation queue holds at once. */
export const MODERATION_LIMIT = 100;
/** Scaling events the Ops tab shows. */
export const SCALING_EVENTS_LIMIT = 50;

/** A user's balance, or null when they have no account yet. */
export function liveBalance(uid: string): Readable<Live<number | null>> {
  return liveDoc(paths.account(uid), (data) => {
    const balance = (data as Partial<AccountDoc> | undefined)?.balance;
    return typeof balance === 'number' ? balance : null;
  });
}

/** A user's ledger, newest first (one field's order in one subcollection: no composite index). */
export function liveLedger(uid: string): Readable<Live<AdminLedgerLine[]>> {
  return liveQuery(
    () =>
      query(
        collection(getFirebase().db, paths.ledger(uid)),
        orderBy('createdAt', 'desc'),
        limit(ADMIN_LEDGER_LIMIT),
      ),
    (docs) =>
      docs.map((snapshot) => {
        const data = dataOf(snapshot) as Partial<LedgerEntryDoc>;
        return toAdminLedgerLine(snapshot.id, data, millis(data.createdAt));
      }),
  );
}

/**
 * Hidden posts, reported first. The query (hidden == true, newest first) is
 * served by the feed's existing index posts (hidden ASC, createdAt DESC).
 */
export function liveHiddenPosts(): Readable<Live<ModerationPost[]>> {
  return liveQuery(
    () =>
      query(
        collection(getFirebase().db, collections.posts),
        where('hidden', '==', true),
        orderBy('createdAt', 'desc'),
        limit(MODERATION_LIMIT),
      ),
    (docs) =>
      moderationOrder(
        docs.map((snapshot) => {
          const data = dataOf(snapshot);
          return {
            id: snapshot.id,
            ownerUid: String(data.ownerUid ?? ''),
            prompt: String(data.prompt ?? ''),
            thumbUrl: String(data.thumbUrl || data.imageUrl || ''),
            hiddenReason: data.hiddenReason ?? 'owner',
            reportCount: Number(data.reportCount ?? 0),
            moderationNote: typeof data.moderationNote === 'string' ? data.moderationNote : null,
            createdAtMs: millis(data.createdAt as TimeLike | undefined),
          };
        }),
      ),
  );
}

export interface ReportView {
  id: string;
  reason: string;
  text: string | null;
  createdAtMs: number;
}

/** A post's reports, newest first. */
export function liveReports(postId: string): Readable<Live<ReportView[]>> {
  return liveQuery(
    () => collection(getFirebase().db, `${paths.post(postId)}/reports`),
    (docs) =>
      docs
        .map((snapshot) => {
          const data = dataOf(snapshot) as Partial<ReportDoc<TimeLike>>;
          return {
            id: snapshot.id,
            reason: String(data.reason ?? 'other'),
            text: data.text ?? null,
            createdAtMs: millis(data.createdAt),
          };
        })
        .sort((a, b) => b.createdAtMs - a.createdAtMs),
  );
}

/** An analytics document, or null before the first rollup wrote it. */
export function livePromptTerms(window: 'today' | 'week'): Readable<Live<PromptTermsDoc | null>> {
  const path = window === 'today' ? analyticsPaths.promptTermsToday : analyticsPaths.promptTermsWeek;
  return liveDoc(path, (data) => (data ? (data as PromptTermsDoc) : null));
}

export function liveTopRemixed(): Readable<Live<TopRemixedDoc | null>> {
  return liveDoc(analyticsPaths.topRemixed, (data) => (data ? (data as TopRemixedDoc) : null));
}

/** Every change of a service's max instances, newest first. */
export function liveScalingEvents(): Readable<Live<ScalingEventView[]>> {
  return liveQuery(
    () =>
      query(
        collection(getFirebase().db, paths.scalingEvents()),
        orderBy('at', 'desc'),
        limit(SCALING_EVENTS_LIMIT),
      ),
    (docs) =>
      docs.map((snapshot) => {
        const data = dataOf(snapshot);
        return {
          id: snapshot.id,
          service: String(data.service ?? ''),
          from: typeof data.from === 'number' ? data.from : null,
          to: Number(data.to ?? 0),
          cause: String(data.cause ?? ''),
          by: typeof data.by === 'string' ? data.by : null,
          period: String(data.period ?? ''),
          atMs: millis(data.at as TimeLike | undefined),
        };
      }),
  );
}

/** The Ops tab's health rollup (`ops/latest`), or null before `rollUpOps` first wrote it. */
export function liveOpsRollup(): Readable<Live<OpsView | null>> {
  return liveDoc(paths.opsLatest(), (data) => {
    if (!data) return null;
    const doc = data as Partial<OpsRollupDoc>;
    return toOpsView(doc, {
      fromMs: millis(doc.from),
      toMs: millis(doc.to),
      computedAtMs: millis(doc.computedAt),
    });
  });
}
