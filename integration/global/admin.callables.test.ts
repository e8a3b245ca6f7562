import {
  defaultLimits,
  paths,
  quoteVideoJob,
  videoCatalogueFrom,
  videoModelById,
  type LedgerEntryDoc,
  type Limits,
  type PostDoc,
  type SpendSummary,
  type StoredModelsConfig,
} from '@phoenix/core';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { callableTestbed, refusalOf } from '../functions.callers.ts';
import { uniquePrefix } from '../support/stack.ts';

const { users, db } = callableTestbed();

const adminCallables: [string, unknown][] = [
  ['updateLimits', { monthlyUsdCap: 1 }],
  ['updateModel', { id: 'gemini-2.5-flash-image', enabled: false }],
  ['getSpendSummary', {}],
  ['grantTokens', { uid: 'someone', tokens: 5, reason: 'thanks' }],
  ['findUser', { query: 'ada@phoenix.test' }],
  ['setPostHidden', { postId: 'p1', hidden: false, reason: 'looks fine' }],
  ['setServiceMaxInstances', { service: 'image', maxInstances: 3 }],
  ['getServiceMaxInstances', {}],
];

describe('admin callables', () => {
  it.each(adminCallables)(
    '%s refuses a signed-in user without the admin claim, changing nothing',
    async (name, data) => {
      const user = await users.signUp();
      const limitsBefore = (await db.doc(paths.limits()).get()).data();
      const refusal = await refusalOf(user.call(name, data));
      expect(refusal.code).toBe('functions/permission-denied');
      expect((refusal.details as { code: string }).code).toBe('permission_denied');
      expect((await db.doc(paths.limits()).get()).data()).toEqual(limitsBefore);
    },
  );

  it('updateLimits names a bad field and changes nothing; a good patch answers the new limits', async () => {
    const admin = await users.signUp({ admin: true });
    await db.doc(paths.limits()).set(defaultLimits);
    const refusal = await refusalOf(admin.call('updateLimits', { monthlyUsdCap: 5, degradeAt: 1.5 }));
    expect(refusal.code).toBe('functions/invalid-argument');
    expect(refusal.details).toMatchObject({ code: 'invalid_argument', field: 'degradeAt' });
    expect((await db.doc(paths.limits()).get()).data()).toEqual(defaultLimits);

    const limits = await admin.call<Limits>('updateLimits', {
      monthlyUsdCap: 250,
      alertThresholds: [1, 0.5],
    });
    expect(limits).toEqual({ ...defaultLimits, monthlyUsdCap: 250, alertThresholds: [0.5, 1] });
    expect((await db.doc(paths.publicLimits()).get()).data()).toMatchObject({
      rateLimitPerHour: 10,
      videoPaused: false,
    });
    await db.doc(paths.limits()).set(defaultLimits);
  });

  it('getSpendSummary answers the month in micro-dollars', async () => {
    const admin = await users.signUp({ admin: true });
    const summary = await admin.call<SpendSummary>('getSpendSummary', { period: '2030-02' });
    expect(summary).toEqual({
      period: '2030-02',
      capMicroUsd: defaultLimits.monthlyUsdCap * 1_000_000,
      reservedMicroUsd: 0,
      settledMicroUsd: 0,
      remainingMicroUsd: defaultLimits.monthlyUsdCap * 1_000_000,
      alerts: [],
    });
    const refusal = await refusalOf(admin.call('getSpendSummary', { period: '2030-13' }));
    expect(refusal.details).toMatchObject({ field: 'period' });
  });

  it('grantTokens books an admin grant once per request id and tells the user; findUser finds them', async () => {
    const admin = await users.signUp({ admin: true });
    const user = await users.signUp();
    const grant = {
      uid: user.uid,
      tokens: 25,
      reason: 'sorry about the outage',
      requestId: uniquePrefix('grant-request'),
    };
    expect(await admin.call('grantTokens', grant)).toEqual({ balance: 75 });
    expect(await admin.call('grantTokens', grant)).toEqual({ balance: 75 });
    const lines = (await db.collection(paths.ledger(user.uid)).where('kind', '==', 'admin_grant').get()).docs;
    expect(lines.map((line) => line.data() as LedgerEntryDoc)).toEqual([
      expect.objectContaining({
        tokens: 25,
        balanceAfter: 75,
        reason: { code: 'admin_grant', note: 'sorry about the outage' },
      }),
    ]);
    const items = await db
      .collection(paths.notifications(user.uid))
      .where('kind', '==', 'tokens_granted')
      .get();
    expect(items.size).toBe(1);

    const found = await admin.call<{ users: { uid: string; balance: number }[] }>('findUser', {
      query: user.email,
    });
    expect(found.users).toEqual([expect.objectContaining({ uid: user.uid, balance: 75, email: user.email })]);
    expect(await admin.call('findUser', { query: 'nobody-here@example.com' })).toEqual({ users: [] });
  });

  it('setPostHidden restores a reported post, counts it on the profile again and tells its owner', async () => {
    const admin = await users.signUp({ admin: true });
    const owner = await users.signUp();
    const postId = uniquePrefix('reported');
    await db.doc(paths.post(postId)).set({
      ownerUid: owner.uid,
      hidden: true,
      hiddenReason: 'reported',
      reportCount: 3,
      likeCount: 0,
      createdAt: Timestamp.now(),
    } satisfies Partial<PostDoc> & { reportCount: number });
    await db.doc(paths.profile(owner.uid)).set({ counts: { posts: 0 } }, { merge: true });

    const missingReason = await refusalOf(admin.call('setPostHidden', { postId, hidden: false }));
    expect(missingReason.details).toMatchObject({ field: 'reason' });
    expect(
      await admin.call('setPostHidden', { postId, hidden: false, reason: 'It breaks no rule.' }),
    ).toEqual({
      hidden: false,
    });
    expect((await db.doc(paths.post(postId)).get()).data()).toMatchObject({
      hidden: false,
      hiddenReason: null,
    });
    expect((await db.doc(paths.profile(owner.uid)).get()).get('counts.posts')).toBe(1);
    const notice = await db.doc(paths.notification(owner.uid, `moderated_${postId}`)).get();
    expect(notice.data()).toMatchObject({ kind: 'post_moderated', data: { outcome: 'restored' } });
  });

  it('updateModel refuses to turn off the default model and turns another off', async () => {
    const admin = await users.signUp({ admin: true });
    const refusal = await refusalOf(
      admin.call('updateModel', { id: 'gemini-3.1-flash-image', enabled: false }),
    );
    expect(refusal.details).toMatchObject({ code: 'invalid_argument', field: 'enabled' });
    const config = await admin.call('updateModel', { id: 'gemini-3-pro-image-preview', enabled: false });
    expect(config).toMatchObject({ overrides: { 'gemini-3-pro-image-preview': { enabled: false } } });
    await admin.call('updateModel', { id: 'gemini-3-pro-image-preview', enabled: true });
  });

  it('updateModel reprices a video model per second in the live catalogue; a bad field changes nothing', async () => {
    const admin = await users.signUp({ admin: true });
    const fast = 'veo-3.1-fast-generate-001';
    const fourSecondsWithAudio = { model: fast, durationSeconds: 4, generateAudio: true } as const;
    const stored = async () => (await db.doc(paths.models()).get()).data() as StoredModelsConfig | undefined;
    const before = await stored();

    const refusals: [unknown, string][] = [
      [
        { id: fast, prices: { withAudio: { tokensPerSecond: 0, microUsdPerSecond: 150_000 } } },
        'prices.withAudio.tokensPerSecond',
      ],
      [{ id: fast, prices: { '1K': { tokensPerOutput: 1, microUsdPerOutput: 1 } } }, 'prices'],
      [{ id: fast, isDefault: true }, 'isDefault'],
    ];
    for (const [data, field] of refusals) {
      const refusal = await refusalOf(admin.call('updateModel', data));
      expect(refusal.code).toBe('functions/invalid-argument');
      expect(refusal.details).toMatchObject({ code: 'invalid_argument', field });
    }
    expect(await stored()).toEqual(before);

    const answered = await admin.call<StoredModelsConfig>('updateModel', {
      id: fast,
      prices: { withAudio: { tokensPerSecond: 9, microUsdPerSecond: 270_000 } },
    });
    expect(answered.videoOverrides?.[fast]?.prices?.withAudio).toEqual({
      tokensPerSecond: 9,
      microUsdPerSecond: 270_000,
    });
    const edited = await stored();
    expect(quoteVideoJob(fourSecondsWithAudio, videoCatalogueFrom(edited))).toEqual({
      tokens: 36,
      microUsd: 1_080_000,
    });
    // The image edits share the document: neither kind's save drops the other's.
    expect(edited?.overrides).toEqual(before?.overrides);
    expect(edited?.defaultModelId).toEqual(before?.defaultModelId);
    await admin.call('updateModel', { id: 'gemini-3-pro-image-preview', enabled: true });
    expect(quoteVideoJob(fourSecondsWithAudio, videoCatalogueFrom(await stored()))).toEqual({
      tokens: 36,
      microUsd: 1_080_000,
    });

    await admin.call('updateModel', {
      id: fast,
      prices: { withAudio: videoModelById(fast)!.prices.withAudio },
    });
    expect(quoteVideoJob(fourSecondsWithAudio, videoCatalogueFrom(await stored()))).toEqual(
      quoteVideoJob(fourSecondsWithAudio),
    );
  });

  it('sets and reads the services’ max instances through the Run Admin API, recording the change', async () => {
    const admin = await users.signUp({ admin: true });
    expect(await admin.call('setServiceMaxInstances', { service: 'image', maxInstances: 7 })).toEqual({
      service: 'image',
      maxInstances: 7,
    });
    expect(await admin.call('getServiceMaxInstances')).toEqual({ image: 7, video: 10 });
    await admin.call('setServiceMaxInstances', { service: 'image', maxInstances: 100 });
    const history = await db.collection(paths.scalingEvents()).where('cause', '==', 'admin').get();
    expect(history.docs.map((doc) => doc.get('to'))).toEqual(expect.arrayContaining([7, 100]));
    const zero = await refusalOf(admin.call('setServiceMaxInstances', { service: 'image', maxInstances: 0 }));
    expect(zero.details).toMatchObject({ field: 'maxInstances' });
  });
});
