import type { Auth } from 'firebase-admin/auth';
import type { Firestore } from 'firebase-admin/firestore';
import fc from 'fast-check';
import * as core from '@phoenix/core';
import { imageModelIds, imageSizes, videoModelIds } from '@phoenix/core';
import type { z } from 'zod';
import { spendSummaryFor, updateLimitsFor, updateModelFor } from '../../functions/src/admin/limits.ts';
import { setPostHiddenFor } from '../../functions/src/admin/moderation.ts';
import { setServiceMaxInstancesFor } from '../../functions/src/admin/scaling.ts';
import { findUserFor, grantTokensFor } from '../../functions/src/admin/users.ts';
import { cancelQueuedJob } from '../../functions/src/image-jobs/cancel.ts';
import { acceptImageJob } from '../../functions/src/image-jobs/create.ts';
import { queuePositionOf } from '../../functions/src/image-jobs/queue-position.ts';
import { setLikeFor } from '../../functions/src/likes/set-like.ts';
import { markNotificationsRead } from '../../functions/src/notifications/mark-read.ts';
import { answerPing } from '../../functions/src/ping.ts';
import { setOwnPostHiddenFor } from '../../functions/src/posts/set-own-hidden.ts';
import { claimUsernameFor } from '../../functions/src/profiles/claim-username.ts';
import { updateProfileFor } from '../../functions/src/profiles/update-profile.ts';
import { reportPost } from '../../functions/src/reports/report-post.ts';
import { acceptVideoJob } from '../../functions/src/video-jobs/create.ts';
import { discardVideoFor, publishVideoFor } from '../../functions/src/video-jobs/drafts.ts';

/**
 * What each callable accepts, described apart from core's schemas by just what
 * it takes to make a field right or wrong, so a schema that is too lenient
 * shows up; and how to call its handler in-process.
 */

/** What one request field accepts. */
export type FieldRule =
  /** `[A-Za-z0-9_-]` ids; `documentId`: also a Firestore document id, where `__…__` is reserved. */
  | { type: 'id'; documentId?: boolean }
  /** Free text, trimmed, of `minChars` to `maxChars` characters. */
  | { type: 'text'; minChars?: number; maxChars: number }
  | { type: 'choice'; values: readonly (string | number | boolean)[] }
  | { type: 'boolean' }
  /** `aboveMin`: the minimum itself is refused. */
  | { type: 'number'; min: number; max: number; integer?: boolean; aboveMin?: boolean }
  | { type: 'list'; item: FieldRule; maxItems: number; distinct?: boolean }
  /** An http(s) URL. */
  | { type: 'url' }
  | { type: 'object'; fields: Fields };

export interface Field {
  rule: FieldRule;
  required?: boolean;
  nullable?: boolean;
  /** Valid values, where the rule alone would make some the request refuses (a model that cannot make a ratio). */
  valid?: fc.Arbitrary<unknown>;
  /** Wrong values only this field has (a month that does not exist, a reserved username). */
  wrong?: readonly unknown[];
}
export type Fields = Readonly<Record<string, Field>>;

export interface RequestContract {
  fields: Fields;
  /** The callable reads an absent request (null, undefined) as `{}`, so those are not hostile. */
  absentMeansEmpty?: boolean;
  /** The callable refuses `{}`: a valid request sets at least one field. */
  atLeastOneField?: boolean;
}

type FieldOptions = Omit<Field, 'rule' | 'required'>;
const optional = (rule: FieldRule, options: FieldOptions = {}): Field => ({ rule, ...options });
const required = (rule: FieldRule, options: FieldOptions = {}): Field => ({
  rule,
  ...options,
  required: true,
});
const contract = (fields: Fields, options: Omit<RequestContract, 'fields'> = {}): RequestContract => ({
  fields,
  ...options,
});

/** Callables that read no request: `ensureAccount` reads only the ID token, `getServiceMaxInstances` nothing. */
export const callablesReadingNoRequest = ['ensureAccount', 'getServiceMaxInstances'];

/** What a handler reaches besides Firestore: each records the call and fails it, as no refused request gets there. */
export function unreachableEffects() {
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
export type HandlerDeps = ReturnType<typeof unreachableEffects> & { db: Firestore; uid: string };

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

export interface CallableContract {
  name: string;
  admin?: boolean;
  schema: z.ZodType;
  /** One per shape of valid request (`updateModel` edits image and video models differently). */
  contracts: RequestContract[];
  handle(deps: HandlerDeps, data: unknown): unknown;
}

/** Every callable that reads a request: what it accepts, and its handler, called in-process. */
export const callableContracts: CallableContract[] = [
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
