import { PhoenixError, paths } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelQueuedJob } from '../../functions/src/image-jobs/cancel.ts';
import { acceptImageJob } from '../../functions/src/image-jobs/create.ts';
import type { ImageTaskEnqueuer } from '../../functions/src/task-queue.ts';
import { fundAccount } from '../support/accounts.ts';
import { uniquePrefix } from '../support/stack.ts';
import { moneyTestbed, pausedImageQueue } from './money-bed.ts';

const { db, setLimits } = moneyTestbed();
const request = { prompt: 'a lantern in the fog', count: 1 };
const minute = 60_000;
const t0 = Date.UTC(2031, 6, 15, 10);
let paused: Awaited<ReturnType<typeof pausedImageQueue>>;
let queue: ImageTaskEnqueuer;

beforeAll(async () => {
  paused = await pausedImageQueue();
  queue = paused.queue;
});
afterAll(() => paused.close());

/** The caller's balance, ledger size and jobs: what a refused request must leave as it was. */
async function footprint(uid: string) {
  const [account, ledger, jobs] = await Promise.all([
    db.doc(paths.account(uid)).get(),
    db.collection(paths.ledger(uid)).get(),
    db.collection('jobs').where('uid', '==', uid).get(),
  ]);
  return {
    balance: account.get('balance') as number,
    usage: account.get('usage'),
    lines: ledger.size,
    jobs: jobs.size,
  };
}

async function refusalOf(call: Promise<unknown>): Promise<PhoenixError> {
  const error = await call.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(PhoenixError);
  return error as PhoenixError;
}

describe('the per-user limits in the accept transaction', () => {
  it('refuses the 11th generation in a rolling hour with an honest wait, charging nothing', async () => {
    await setLimits({ rateLimitPerHour: 10, inFlightPerUser: 100, perUserDailyTokens: 1000 });
    const uid = uniquePrefix('rate');
    await fundAccount(db, uid, 100);
    for (let index = 0; index < 10; index += 1) {
      await acceptImageJob({ db, queue, nowMs: () => t0 + index * minute }, uid, request);
    }
    const before = await footprint(uid);
    const refusal = await refusalOf(
      acceptImageJob({ db, queue, nowMs: () => t0 + 53 * minute }, uid, request),
    );
    expect(refusal.code).toBe('rate_limited');
    expect(refusal.httpsCode).toBe('resource-exhausted');
    // The first accept leaves the hour at t0 + 60 min: 7 minutes after t0 + 53 min.
    expect(refusal.extra.retryAfterSeconds).toBe(7 * 60);
    expect(refusal.message).toContain('You can start another generation in 7 minutes');
    expect(await footprint(uid)).toEqual(before);

    // Once the first accept has left the hour, one more fits.
    await acceptImageJob({ db, queue, nowMs: () => t0 + 60 * minute + 1 }, uid, request);
    expect((await footprint(uid)).jobs).toBe(11);
  });

  it('holds one user to inFlightPerUser queued or running jobs', async () => {
    await setLimits({ rateLimitPerHour: 100, inFlightPerUser: 2, perUserDailyTokens: 1000 });
    const uid = uniquePrefix('inflight');
    await fundAccount(db, uid, 100);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => acceptImageJob({ db, queue, nowMs: () => t0 }, uid, request)),
    );
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.length - refused.length).toBe(2);
    for (const outcome of refused) {
      expect(((outcome as PromiseRejectedResult).reason as PhoenixError).code).toBe('too_many_in_flight');
    }
    // Ending one (the user cancels it) frees a slot.
    const jobs = await db.collection('jobs').where('uid', '==', uid).get();
    await cancelQueuedJob(db, uid, { jobId: jobs.docs[0]!.id });
    await acceptImageJob({ db, queue, nowMs: () => t0 }, uid, request);
    expect((await footprint(uid)).jobs).toBe(3);
  });

  it('holds one user to perUserDailyTokens per UTC day, and starts afresh the next day', async () => {
    await setLimits({ rateLimitPerHour: 100, inFlightPerUser: 100, perUserDailyTokens: 5 });
    const uid = uniquePrefix('daily');
    await fundAccount(db, uid, 100);
    const lateEvening = Date.UTC(2031, 6, 15, 23, 50);
    await acceptImageJob({ db, queue, nowMs: () => lateEvening }, uid, request); // 2 tokens
    await acceptImageJob({ db, queue, nowMs: () => lateEvening }, uid, request); // 4 tokens
    const before = await footprint(uid);
    const refusal = await refusalOf(acceptImageJob({ db, queue, nowMs: () => lateEvening }, uid, request));
    expect(refusal.code).toBe('daily_limit');
    expect(refusal.message).toContain('1 of your 5 daily tokens left');
    expect(await footprint(uid)).toEqual(before);

    await acceptImageJob({ db, queue, nowMs: () => Date.UTC(2031, 6, 16, 0, 5) }, uid, request);
    expect((await footprint(uid)).usage).toMatchObject({ day: '2031-07-16', dayTokens: 2 });
  });
});
