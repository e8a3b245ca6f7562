import { readFileSync } from 'node:fs';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { Auth } from 'firebase-admin/auth';
import { getFirestore, type CollectionReference, type Firestore } from 'firebase-admin/firestore';
import fc from 'fast-check';
import * as core from '@phoenix/core';
import { PhoenixError, STARTING_GRANT_TOKENS, imageModelIds, imageSizes, videoModelIds } from '@phoenix/core';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spendSummaryFor, updateLimitsFor, updateModelFor } from '../functions/src/admin/limits.ts';
import { setPostHiddenFor } from '../functions/src/admin/moderation.ts';
import { setServiceMaxInstancesFor } from '../functions/src/admin/scaling.ts';
import { findUserFor, grantTokensFor } from '../functions/src/admin/users.ts';
import { cancelQueuedJob } from '../functions/src/image-jobs/cancel.ts';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { queuePositionOf } from '../functions/src/image-jobs/queue-position.ts';
import { setLikeFor } from '../functions/src/likes/set-like.ts';
import { markNotificationsRead } from '../functions/src/notifications/mark-read.ts';
import { answerPing } from '../functions/src/ping.ts';
import { setOwnPostHiddenFor } from '../functions/src/posts/set-own-hidden.ts';
import { claimUsernameFor } from '../functions/src/profiles/claim-username.ts';
import { updateProfileFor } from '../functions/src/profiles/update-profile.ts';
import { reportPost } from '../functions/src/reports/report-post.ts';
import { acceptVideoJob } from '../functions/src/video-jobs/create.ts';
import { discardVideoFor, publishVideoFor } from '../functions/src/video-jobs/drafts.ts';
import { callers, refusalOf, type Caller } from './functions.callers.ts';
import { fundAccount } from './support/accounts.ts';
import {
  contract,
  crossesTheWire,
  hostileRequests,
  optional,
  required,
  type Field,
  type FieldRule,
  type Fields,
  type RequestContract,
} from './support/hostile-payloads.ts';
import { testStack, uniquePrefix } from './support/stack.ts';

const handlerRuns = 1000;
const wireRuns = Number(process.env.FUZZ_CALLABLE_RUNS ?? 25);

/** Callables that read no request: `ensureAccount` reads only the ID token, `getServiceMaxInstances` nothing. */
const takeNoRequest = ['ensureAccount', 'getServiceMaxInstances'];

/** What a handler reaches besides Firestore: each records the call and fails it, as no refused request gets there. */
function unreachableEffects() {
  const reached: string[] = [];
  const refuse = (name: string) => async (): Promise<never> => {
    reached.push(name);
    throw new Error(`${name} was reached by a request that must be refused`);
  };
  return {
    reached,
    queue: {
      enqueueImageJob: refuse('enqueueImageJob'),
      enqueueVideoJob: refuse('enqueueVideoJob'),
      purgeVideoMedia: refuse('purgeVideoMedia'),
    },
    scaler: { getMaxInstances: refuse('getMaxInstances'), setMaxInstances: refuse('setMaxInstances') },
    auth: {
      getUser: refuse('auth.getUser'),
      getUserByEmail: refuse('auth.getUserByEmail'),
    } as unknown as Auth,
  };
}
type HandlerDeps = ReturnType<typeof unreachableEffects> & { db: Firestore; uid: string };

const documentId: FieldRule = { type: 'id', documentId: true };
const requestId = optional({ type: 'id' }, { wrong: ['abc', 'a'.repeat(65)] });
const text = (minChars: number, maxChars: number): FieldRule => ({ type: 'text', minChars, maxChars });
const choice = (values: readonly (string | number | boolean)[]): FieldRule => ({ type: 'choice', values });
const whole = (min: number, max: number): FieldRule => ({ type: 'number', min, max, integer: true });
const fraction: FieldRule = { type: 'number', min: 0, max: 1, aboveMin: true };
const bool: FieldRule = { type: 'boolean' };
const fieldsOf = (names: readonly string[], field: (name: string) => Field): Fields =>
  Object.fromEntries(names.map((name) => [name, field(name)]));
/** An `updateModel` edit: `ids` the models it is valid for, `prices` its price fields and their ranges. */
const modelEdit = (ids: readonly string[], sizes: readonly string[], prices: Fields, extra: Fields = {}) =>
  contract(
    {
      id: required(choice([...imageModelIds, ...videoModelIds]), { valid: fc.constantFrom(...ids) }),
      enabled: optional(bool),
      status: optional(choice(['active', 'retired'])),
      prices: optional({
        type: 'object',
        fields: fieldsOf(sizes, () => optional({ type: 'object', fields: prices })),
      }),
      ...extra,
    },
    { atLeastOneField: true },
  );
const perOutput = { tokensPerOutput: required(whole(1, 1000)), microUsdPerOutput: required(whole(0, 1e8)) };
const perSecond = { tokensPerSecond: required(whole(1, 1000)), microUsdPerSecond: required(whole(0, 1e8)) };
const jobIdOnly = [contract({ jobId: required(documentId) })];
const limits: Fields = {
  monthlyUsdCap: optional({ type: 'number', min: 0, max: 10_000_000 }),
  perUserDailyTokens: optional(whole(0, 1_000_000)),
  rateLimitPerHour: optional(whole(0, 10_000)),
  inFlightPerUser: optional(whole(1, 100)),
  alertThresholds: optional({ type: 'list', item: fraction, maxItems: 10, distinct: true }),
  degradeAt: optional(fraction),
  videoPaused: optional(bool),
  alertWebhookUrl: optional({ type: 'url' }, { nullable: true }),
  atCapMaxInstances: optional(whole(1, 1000)),
};

interface Fuzzed {
  name: string;
  admin?: boolean;
  schema: z.ZodType;
  contracts: RequestContract[];
  handle(deps: HandlerDeps, data: unknown): unknown;
}

/** Every callable that reads a request: what it accepts, and its handler, called in-process. */
const fuzzed: Fuzzed[] = [
  {
    name: 'ping',
    schema: core.pingRequestSchema,
    contracts: [contract({ echo: optional(text(0, 200)) }, { absentMeansEmpty: true })],
    handle: ({ uid }, data) => answerPing(uid, data),
  },
  {
    name: 'createImageJob',
    schema: core.createImageJobRequestSchema,
    contracts: [
      contract({
        prompt: required(text(1, 2000)),
        negativePrompt: optional(text(0, 1000)),
        // The default model makes 1:1 at 1K; which others fit which model is the schema's check across fields.
        aspectRatio: optional(choice(core.aspectRatios), { valid: fc.constant('1:1') }),
        imageSize: optional(choice(imageSizes), { valid: fc.constant('1K') }),
        model: optional(choice(imageModelIds), { valid: fc.constant(core.defaultImageModelId) }),
        count: optional(whole(1, 4)),
        seed: optional(whole(0, 4_294_967_295)),
        enhancePrompt: optional(bool),
        requestId,
        remixOf: optional(documentId),
      }),
    ],
    handle: ({ db, uid, queue, scaler }, data) =>
      acceptImageJob({ db, queue, budget: { scaler } }, uid, data),
  },
  {
    name: 'createVideoJob',
    schema: core.createVideoJobRequestSchema,
    contracts: [
      contract({
        prompt: required(text(1, 2000)),
        negativePrompt: optional(text(0, 1000)),
        sourcePostId: optional(documentId),
        durationSeconds: optional(choice(core.videoDurationsSeconds)),
        aspectRatio: optional(choice(core.videoAspectRatios)),
        resolution: optional(choice(core.videoResolutions)),
        generateAudio: optional(bool),
        model: optional(choice(videoModelIds)),
        requestId,
      }),
    ],
    handle: ({ db, uid, queue, scaler }, data) =>
      acceptVideoJob({ db, queue, budget: { scaler } }, uid, data),
  },
  {
    name: 'publishVideo',
    schema: core.videoDraftRequestSchema,
    contracts: jobIdOnly,
    handle: ({ db, uid }, data) => publishVideoFor(db, uid, data),
  },
  {
    name: 'discardVideo',
    schema: core.videoDraftRequestSchema,
    contracts: jobIdOnly,
    handle: ({ db, uid, queue }, data) => discardVideoFor({ db, media: queue }, uid, data),
  },
  {
    name: 'cancelJob',
    schema: core.cancelJobRequestSchema,
    contracts: jobIdOnly,
    handle: ({ db, uid }, data) => cancelQueuedJob(db, uid, data),
  },
  {
    name: 'jobQueuePosition',
    schema: core.jobQueuePositionRequestSchema,
    contracts: jobIdOnly,
    handle: ({ db, uid }, data) => queuePositionOf(db, uid, data),
  },
  {
    name: 'setLike',
    schema: core.setLikeRequestSchema,
    contracts: [contract({ postId: required(documentId), liked: required(bool) })],
    handle: ({ db, uid }, data) => setLikeFor(db, uid, data),
  },
  {
    name: 'claimUsername',
    schema: core.claimUsernameRequestSchema,
    contracts: [
      contract({ username: required(documentId, { wrong: ['ab', 'a'.repeat(21), 'admin', 'a-b'] }) }),
    ],
    handle: ({ db, uid }, data) => claimUsernameFor(db, uid, data),
  },
  {
    name: 'updateProfile',
    schema: core.updateProfileRequestSchema,
    contracts: [contract({ bio: optional(text(0, core.BIO_MAX_LENGTH)) })],
    handle: ({ db, uid }, data) => updateProfileFor(db, uid, data),
  },
  {
    name: 'setOwnPostHidden',
    schema: core.setOwnPostHiddenRequestSchema,
    contracts: [contract({ postId: required(documentId), hidden: required(bool) })],
    handle: ({ db, uid }, data) => setOwnPostHiddenFor(db, uid, data),
  },
  {
    name: 'reportPost',
    schema: core.reportPostRequestSchema,
    contracts: [
      contract({
        postId: required(documentId),
        reason: required(choice(core.reportReasons)),
        text: optional(text(0, core.REPORT_TEXT_MAX_CHARS)),
      }),
    ],
    handle: ({ db, uid }, data) => reportPost(db, uid, data),
  },
  {
    name: 'markNotificationsRead',
    schema: core.markNotificationsReadRequestSchema,
    contracts: [contract({ upTo: optional(whole(0, 8_640_000_000_000_000)) }, { absentMeansEmpty: true })],
    handle: ({ db, uid }, data) => markNotificationsRead(db, uid, data),
  },
  {
    name: 'updateLimits',
    admin: true,
    schema: core.updateLimitsRequestSchema,
    contracts: [contract(limits, { atLeastOneField: true })],
    handle: ({ db, scaler }, data) => updateLimitsFor({ db, scaler }, data),
  },
  {
    name: 'updateModel',
    admin: true,
    schema: core.updateModelRequestSchema,
    contracts: [
      modelEdit(imageModelIds, imageSizes, perOutput, { isDefault: optional(choice([true])) }),
      modelEdit(videoModelIds, ['withAudio', 'withoutAudio'], perSecond),
    ],
    handle: ({ db }, data) => updateModelFor(db, data),
  },
  {
    name: 'getSpendSummary',
    admin: true,
    schema: core.getSpendSummaryRequestSchema,
    contracts: [
      contract({
        period: optional(
          { type: 'id' },
          {
            valid: fc.constantFrom('2026-11', '2031-01'),
            wrong: ['2026-13', '2026-00', '2026-1', ' 2026-11'],
          },
        ),
      }),
    ],
    handle: ({ db }, data) => spendSummaryFor(db, data),
  },
  {
    name: 'grantTokens',
    admin: true,
    schema: core.grantTokensRequestSchema,
    contracts: [
      contract({
        uid: required(documentId),
        tokens: required(whole(1, core.maxAdminGrantTokens)),
        reason: required(text(3, 200)),
        requestId,
      }),
    ],
    handle: ({ db, auth }, data) => grantTokensFor(db, auth, data),
  },
  {
    name: 'findUser',
    admin: true,
    schema: core.findUserRequestSchema,
    contracts: [
      contract({
        query: required(text(2, 320), {
          valid: fc.constantFrom('ada', ' Grace_1 ', 'ada@phoenix.test', `${'a'.repeat(300)}@phoenix.test`),
          wrong: ['a/b', '..', '__ab__', 'a b', 'ab/cd/ef'],
        }),
      }),
    ],
    handle: ({ db, auth }, data) => findUserFor(db, auth, data),
  },
  {
    name: 'setPostHidden',
    admin: true,
    schema: core.setPostHiddenRequestSchema,
    contracts: [
      contract({ postId: required(documentId), hidden: required(bool), reason: required(text(3, 200)) }),
    ],
    handle: ({ db }, data) => setPostHiddenFor(db, data),
  },
  {
    name: 'setServiceMaxInstances',
    admin: true,
    schema: core.setServiceMaxInstancesRequestSchema,
    contracts: [
      contract({ service: required(choice(['image', 'video'])), maxInstances: required(whole(1, 1000)) }),
    ],
    handle: ({ db, scaler, uid }, data) => setServiceMaxInstancesFor(db, scaler, uid, data),
  },
];

const hostile = (callable: Fuzzed) => fc.oneof(...callable.contracts.map(hostileRequests));

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
      [...fuzzed.map((callable) => callable.name), ...takeNoRequest].sort(),
    );
  });
});

describe.each(fuzzed)('$name, called in-process', (callable) => {
  it(`refuses ${handlerRuns} hostile requests with invalid_argument, each one valid request made wrong, and writes nothing`, async () => {
    const validRequests = fc.oneof(...callable.contracts.map((request) => request.valid));
    fc.assert(fc.property(validRequests, (request) => callable.schema.safeParse(request).success));

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

  it.each(fuzzed)('$name answers functions/invalid-argument', async (callable) => {
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
