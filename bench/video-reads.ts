import { DocumentSnapshot, QuerySnapshot, type Firestore } from 'firebase-admin/firestore';

/** Billed Firestore operations, counted as Firestore bills them. */
export interface ReadTally {
  /** Document reads: 1 per document fetched, 1 per query (even one that matches nothing), and ⌈n/1000⌉ ≥ 1 per count. */
  reads: number;
  /** Queries answered (each run of a page query). */
  queries: number;
  /** Count aggregations answered. */
  counts: number;
  /** Document writes that succeeded. */
  writes: number;
}

export const emptyTally = (): ReadTally => ({ reads: 0, queries: 0, counts: 0, writes: 0 });

/** An aggregation is billed one read per 1000 index entries it counts, and at least one. */
export const countReads = (entries: number): number => Math.max(1, Math.ceil(entries / 1000));

const writeMethods = new Set(['create', 'set', 'update', 'delete']);

/**
 * The same Firestore, seen through a wrapper that tallies every read and
 * write made through it (documents, queries and references it hands out are
 * wrapped too), so code that takes a `Firestore` is measured unchanged.
 * Snapshots are handed back as they are.
 */
export function countingFirestore(db: Firestore, tally: ReadTally): Firestore {
  return wrap(db, tally);
}

function wrap<T extends object>(target: T, tally: ReadTally): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(object, args);
        if (result instanceof Promise) {
          if (property === 'get')
            return result.then((snapshot: unknown) => (bill(snapshot, tally), snapshot));
          if (typeof property === 'string' && writeMethods.has(property))
            return result.then((written: unknown) => ((tally.writes += 1), written));
          return result;
        }
        return result !== null && typeof result === 'object' ? wrap(result, tally) : result;
      };
    },
  });
}

function bill(snapshot: unknown, tally: ReadTally): void {
  if (snapshot instanceof DocumentSnapshot) tally.reads += 1;
  else if (snapshot instanceof QuerySnapshot) {
    tally.queries += 1;
    tally.reads += Math.max(1, snapshot.size);
  } else {
    // An AggregateQuerySnapshot (not exported by firebase-admin as a value).
    const count = (snapshot as { data(): { count?: unknown } }).data().count;
    tally.counts += 1;
    tally.reads += countReads(typeof count === 'number' ? count : 0);
  }
}
