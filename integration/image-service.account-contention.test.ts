import { imageRequestDefaults, paths, type OutputRecord } from '@phoenix/core';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import {
  getFirestore,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirestoreJobStore } from '../runner/src/image/job-store.ts';
import { seedDebitedJob } from './support/seed-job.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

const image = (jobId: string, index: number): OutputRecord => ({
  kind: 'image',
  attempt: 1,
  output: {
    postId: `${jobId}_${index}`,
    imageUrl: `https://media.example/${index}.webp`,
    thumbUrl: `https://media.example/${index}_thumb.webp`,
    width: 1024,
    height: 1024,
    placeholder: 'data:image/webp;base64,AA==',
    dominantColor: '#101010',
  },
});

/**
 * The Firestore handle, with every document a transaction reads recorded:
 * the store's own transactions run for real, and the test sees what they read.
 */
function recordingTransactionReads(db: Firestore, reads: string[]): Firestore {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'runTransaction') {
        return (work: (tx: Transaction) => Promise<unknown>, options?: object) =>
          target.runTransaction(
            (tx) =>
              work(
                new Proxy(tx, {
                  get(inner, name) {
                    if (name === 'get') {
                      return (ref: DocumentReference) => {
                        reads.push(ref.path);
                        return inner.get(ref);
                      };
                    }
                    const value = Reflect.get(inner, name) as unknown;
                    return typeof value === 'function' ? value.bind(inner) : value;
                  },
                }),
              ),
            options,
          );
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A user's jobs end independently: the success transaction reads the owner's
 * account only when it refunds, so one user's concurrent jobs do not contend
 * on their account document.
 */
describe('image job store: ending a job touches the account only when money moves', () => {
  const stack = testStack();
  let app: App;
  let db: Firestore;

  beforeAll(() => {
    process.env.FIRESTORE_EMULATOR_HOST = stack.env.FIRESTORE_EMULATOR_HOST;
    app = initializeApp({ projectId: stack.projectId }, uniquePrefix('contention'));
    db = getFirestore(app);
  });

  afterAll(async () => {
    if (app) await deleteApp(app);
  });

  async function endWith(delivered: number) {
    const reads: string[] = [];
    const jobs = createFirestoreJobStore(recordingTransactionReads(db, reads));
    const seeded = await seedDebitedJob(db, { ...imageRequestDefaults, prompt: 'two herons', count: 2 });
    const holder = 'holder-1';
    expect((await jobs.claim(seeded.jobId, holder, Date.now(), false)).kind).toBe('claimed');
    await jobs.recordOutputs(
      seeded.jobId,
      holder,
      Object.fromEntries(
        Array.from({ length: delivered }, (_, index) => [index, image(seeded.jobId, index)]),
      ),
    );
    reads.length = 0;
    const result = await jobs.succeed(seeded.jobId, holder, 10);
    return { result, reads, accountPath: paths.account(seeded.uid), seeded };
  }

  it('reads only the job when every output was delivered', async () => {
    const { result, reads, accountPath } = await endWith(2);
    expect(result).toEqual({ written: true, refundTokens: 0 });
    expect(reads).not.toContain(accountPath);
  });

  it('reads the account to refund what was not delivered', async () => {
    const { result, reads, accountPath, seeded } = await endWith(1);
    expect(result).toEqual({ written: true, refundTokens: seeded.tokens / 2 });
    expect(reads).toContain(accountPath);
  });
});
