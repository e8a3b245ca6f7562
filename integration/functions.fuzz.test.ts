import { readFileSync } from 'node:fs';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore, type CollectionReference, type Firestore } from 'firebase-admin/firestore';
import fc from 'fast-check';
import { PhoenixError, STARTING_GRANT_TOKENS } from '@phoenix/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callers, refusalOf, type Caller } from './functions.callers.ts';
import { fundAccount } from './support/accounts.ts';
import {
  callableContracts,
  callablesReadingNoRequest,
  unreachableEffects,
  type CallableContract,
  type HandlerDeps,
} from './support/callable-contracts.ts';
import { crossesTheWire, hostileRequests, validRequests } from './support/hostile-payloads.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

const handlerRuns = 1000;
const wireRuns = Number(process.env.FUZZ_CALLABLE_RUNS ?? 25);

const hostile = (callable: CallableContract) => fc.oneof(...callable.contracts.map(hostileRequests));

/**
 * Runs `attempt` on `runs` hostile requests; it answers why a request was not
 * refused properly, or null. Fails with the first such request, shortened: a
 * megabyte string would drown the report.
 */
async function expectAllRefused(
  requests: fc.Arbitrary<unknown>,
  runs: number,
  attempt: (request: unknown) => Promise<string | null>,
): Promise<void> {
  const run = await fc.check(
    fc.asyncProperty(requests, async (request) => {
      const problem = await attempt(request);
      if (problem) throw new Error(problem);
    }),
    // A slow failure would shrink past the test's timeout and report nothing.
    { numRuns: runs, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true },
  );
  if (!run.failed) return;
  if (!run.counterexample) throw new Error(`interrupted after ${run.numRuns} of ${runs} requests, in 30 s`);
  const request = fc.stringify(run.counterexample[0]).slice(0, 600);
  throw new Error(`${String(run.errorInstance)}\nrequest (seed ${run.seed}): ${request}`);
}

/** Every document in the database, with when it was last written. */
async function storedDocuments(db: Firestore): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const walk = async (collections: CollectionReference[]): Promise<void> => {
    for (const collection of collections) {
      for (const doc of await collection.listDocuments()) {
        found[doc.path] = String((await doc.get()).updateTime?.valueOf() ?? 'no document');
        await walk(await doc.listCollections());
      }
    }
  };
  await walk(await db.listCollections());
  return found;
}

const stack = testStack();
stack.useEmulatorEnv();

describe('every callable that reads a request', () => {
  it('is fuzzed here, unless it reads no request', () => {
    const index = readFileSync(new URL('../functions/src/index.ts', import.meta.url), 'utf8');
    const exported = [...index.matchAll(/^export const (\w+) = (?:signedInCallable|adminCallable)\(/gm)];
    expect(exported.map((match) => match[1]).sort()).toEqual(
      [...callableContracts.map((callable) => callable.name), ...callablesReadingNoRequest].sort(),
    );
  });
});

describe.each(callableContracts)('$name, called in-process', (callable) => {
  it(`refuses ${handlerRuns} hostile requests with invalid_argument, each one valid request made wrong, and writes nothing`, async () => {
    const valid = fc.oneof(...callable.contracts.map(validRequests));
    fc.assert(fc.property(valid, (request) => callable.schema.safeParse(request).success));

    const app = initializeApp({ projectId: uniquePrefix('demo-fuzz') }, uniquePrefix('fuzz'));
    const deps: HandlerDeps = { ...unreachableEffects(), db: getFirestore(app), uid: 'fuzz-caller' };
    try {
      await fundAccount(deps.db, deps.uid);
      const seeded = await storedDocuments(deps.db);
      await expectAllRefused(hostile(callable), handlerRuns, async (request) => {
        try {
          return `answered ${fc.stringify(await callable.handle(deps, request)).slice(0, 200)}`;
        } catch (error) {
          if (!(error instanceof PhoenixError)) return `threw ${String(error)}`;
          return error.code === 'invalid_argument' ? null : `refused with ${error.code}: ${error.message}`;
        }
      });
      expect(await storedDocuments(deps.db)).toEqual(seeded);
      expect(deps.reached).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      await deleteApp(app);
    }
  });
});

describe(`through the Functions emulator, ${wireRuns} hostile requests per callable`, () => {
  const users = callers();
  let member: Caller;
  let admin: Caller;
  beforeAll(async () => {
    [member, admin] = await Promise.all([users.signUp(), users.signUp({ admin: true })]);
  });
  afterAll(() => users.close());

  it.each(callableContracts)('$name answers functions/invalid-argument', async (callable) => {
    const caller = callable.admin ? admin : member;
    await expectAllRefused(hostile(callable).filter(crossesTheWire), wireRuns, async (request) => {
      const refusal = await refusalOf(caller.call(callable.name, request));
      const { code } = (refusal.details ?? {}) as { code?: string };
      return refusal.code === 'functions/invalid-argument' && code === 'invalid_argument'
        ? null
        : `refused with ${refusal.code} (${code}): ${refusal.message}`;
    });
  });

  it('stays healthy after them: cheap callables still answer as they should', async () => {
    expect(await member.call('ensureAccount')).toEqual({
      balance: STARTING_GRANT_TOKENS,
      grant: 'already-granted',
    });
    const missing = await refusalOf(member.call('jobQueuePosition', { jobId: 'noSuchJob0000000000' }));
    expect(missing.code).toBe('functions/not-found');
  });
});
