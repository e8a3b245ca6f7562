import type { DocumentTransaction } from './money.ts';

/**
 * An in-memory document store for money.ts's unit tests, with the
 * transaction rules of Firestore that the money code relies on: reads see
 * what was committed and come before every write, `create` fails on a
 * document that exists, `update` fails on one that does not, and a
 * transaction that throws leaves nothing behind.
 */

/** What `serverTime()` writes, standing in for the server's timestamp. */
export const serverTimeSentinel = { serverTime: true } as const;

export interface RecordedWrite {
  op: 'create' | 'update' | 'set';
  path: string;
  data: Record<string, unknown>;
}

export class MemoryStore {
  readonly docs = new Map<string, Record<string, unknown>>();
  /** Every committed write, in the order it was made. */
  readonly writes: RecordedWrite[] = [];
  /** Every path read, by every transaction, in order. */
  readonly reads: string[] = [];

  constructor(initial: Record<string, Record<string, unknown>> = {}) {
    for (const [path, data] of Object.entries(initial)) this.docs.set(path, structuredClone(data));
  }

  get(path: string): Record<string, unknown> | undefined {
    return this.docs.get(path);
  }

  /** Runs `work` as one transaction: its writes land together when it returns, or not at all when it throws. */
  async transact<T>(work: (t: DocumentTransaction) => Promise<T> | T): Promise<T> {
    const staged: RecordedWrite[] = [];
    const stagedDocs = new Map<string, Record<string, unknown> | undefined>();
    const current = (path: string) => (stagedDocs.has(path) ? stagedDocs.get(path) : this.docs.get(path));
    const stage = (write: RecordedWrite, next: Record<string, unknown>) => {
      staged.push(write);
      stagedDocs.set(write.path, next);
    };
    const t: DocumentTransaction = {
      get: async (path) => {
        if (staged.length > 0) throw new Error(`read of ${path} after a write: transactions read first`);
        this.reads.push(path);
        const data = this.docs.get(path);
        return data === undefined ? undefined : structuredClone(data);
      },
      // Every read here answers from the committed documents, so a prefetch only has to obey the order.
      prefetch: async (paths) => {
        if (staged.length > 0)
          throw new Error(`read of ${paths.join(', ')} after a write: transactions read first`);
      },
      create: (path, data) => {
        if (current(path) !== undefined) throw new Error(`ALREADY_EXISTS: ${path}`);
        stage({ op: 'create', path, data: { ...data } }, { ...data });
      },
      update: (path, data) => {
        const existing = current(path);
        if (existing === undefined) throw new Error(`NOT_FOUND: ${path}`);
        stage({ op: 'update', path, data: { ...data } }, { ...existing, ...data });
      },
      set: (path, data) => stage({ op: 'set', path, data: { ...data } }, { ...data }),
      arrayRemove: (value) => ({ arrayRemove: value }),
      serverTime: () => serverTimeSentinel,
    };
    const result = await work(t);
    for (const [path, data] of stagedDocs) if (data !== undefined) this.docs.set(path, structuredClone(data));
    this.writes.push(...staged);
    return result;
  }
}

/** A `TimeLike` at `ms`, as the SDK's Timestamp reads. */
export const timeAt = (ms: number) => ({ toMillis: () => ms });
