/**
 * Live reads of the admin console: each function returns a store that runs
 * its Firestore listener while something subscribes. The rules let only
 * admins read these paths, so a non-admin's listener ends in `error`.
 * Converters are pure and live in `lib/admin/`; this file only wires them.
 */
import {
  catalogueFrom,
  limitsFrom,
  paths,
  type Catalogue,
  type Limits,
  type ModelsConfigDoc,
  type SpendAlertDoc,
  type TimeLike,
} from '@phoenix/core';
import {
  collection,
  doc,
  onSnapshot,
  type DocumentData,
  type Query,
  type QueryDocumentSnapshot,
} from 'firebase/firestore';
import { readable, type Readable } from 'svelte/store';
import { newestFirst, type AlertView } from '../admin/ops-view.ts';
import type { ShardData } from '../admin/spend-view.ts';
import { getFirebase } from './app.ts';
import { millis } from './documents.ts';
import { describeListenError } from './firestore-errors.ts';

export type Live<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/**
 * A live document. Offline, the SDK first answers "missing" from its cache;
 * that is "not loaded yet", so the skeleton stays until the server speaks.
 */
export function liveDoc<T>(path: string, convert: (data: DocumentData | undefined) => T): Readable<Live<T>> {
  return readable<Live<T>>({ status: 'loading' }, (set) => {
    let loaded = false;
    return onSnapshot(
      doc(getFirebase().db, path),
      { includeMetadataChanges: true },
      (snapshot) => {
        if (!loaded && !snapshot.exists() && snapshot.metadata.fromCache) return;
        loaded = true;
        set({ status: 'ready', value: convert(snapshot.data({ serverTimestamps: 'estimate' })) });
      },
      (error) => set({ status: 'error', message: describeListenError(error) }),
    );
  });
}

/** A live query; an empty answer from the cache alone is "not loaded yet", as above. */
export function liveQuery<T>(
  build: () => Query,
  convert: (docs: QueryDocumentSnapshot[]) => T,
): Readable<Live<T>> {
  return readable<Live<T>>({ status: 'loading' }, (set) => {
    let loaded = false;
    return onSnapshot(
      build(),
      { includeMetadataChanges: true },
      (snapshot) => {
        if (!loaded && snapshot.empty && snapshot.metadata.fromCache) return;
        loaded = true;
        set({ status: 'ready', value: convert(snapshot.docs) });
      },
      (error) => set({ status: 'error', message: describeListenError(error) }),
    );
  });
}

/** `snapshot.data()` with server times estimated, so a just-written time is not null. */
export const dataOf = (snapshot: QueryDocumentSnapshot) => snapshot.data({ serverTimestamps: 'estimate' });

/** The admin limits (`config/limits`) over core's defaults. */
export function liveLimits(): Readable<Live<Limits>> {
  return liveDoc(paths.limits(), (data) => limitsFrom(data as Partial<Limits> | undefined));
}

export interface ModelsState {
  catalogue: Catalogue;
  config: Partial<ModelsConfigDoc>;
}

/** The live catalogue: core's models with the admin's edits (`config/models`). */
export function liveModels(): Readable<Live<ModelsState>> {
  return liveDoc(paths.models(), (data) => {
    const config = (data ?? {}) as Partial<ModelsConfigDoc>;
    return { catalogue: catalogueFrom(config), config };
  });
}

/** The 20 spend shards of `period` (`YYYY-MM`); shards never written are simply absent. */
export function liveSpendShards(period: string): Readable<Live<ShardData[]>> {
  return liveQuery(
    () => collection(getFirebase().db, paths.spendShards(period)),
    (docs) => docs.map((snapshot) => dataOf(snapshot) as ShardData),
  );
}

/** The alerts fired in `period`, newest first. */
export function liveAlerts(period: string): Readable<Live<AlertView[]>> {
  return liveQuery(
    () => collection(getFirebase().db, paths.spendAlerts(period)),
    (docs) =>
      newestFirst(
        docs.map((snapshot) => {
          const data = dataOf(snapshot) as Partial<SpendAlertDoc<TimeLike>>;
          return {
            id: snapshot.id,
            threshold: data.threshold ?? 0,
            atMs: millis(data.at as TimeLike | undefined),
            usedMicroUsd: data.usedMicroUsd ?? 0,
            capMicroUsd: data.capMicroUsd ?? 0,
            delivery: data.delivery ?? { state: 'pending', attempts: 0, lastError: null },
          };
        }),
      ),
  );
}
