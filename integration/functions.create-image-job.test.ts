import { randomUUID } from 'node:crypto';
import {
  STARTING_GRANT_TOKENS,
  imageQueue,
  imageRequestDefaults,
  imageTaskId,
  quoteImageJob,
  type CreateImageJobResponse,
  type ImageRequest,
  type JobDoc,
  type LedgerEntryDoc,
} from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { createLocalTasksClient } from '../dev/src/cloud-tasks/client.ts';
import { grpcCodeOf } from '../dev/src/cloud-tasks/test-harness.ts';
import { callableTestbed, refusalOf } from './functions.callers.ts';
import { uniquePrefix } from './support/stack.ts';

const { stack, users, db } = callableTestbed();
const signUp = users.signUp;

const request = (overrides: Record<string, unknown> = {}): ImageRequest =>
  ({ ...imageRequestDefaults, prompt: 'a red fox asleep in fresh snow', ...overrides }) as ImageRequest;

const account = (uid: string) => db.doc(`accounts/${uid}`).get();
const ledger = async (uid: string) =>
  new Map(
    (await db.collection(`accounts/${uid}/ledger`).get()).docs.map((entry) => [
      entry.id,
      entry.data() as LedgerEntryDoc,
    ]),
  );
/** A refused request wrote nothing: the account holds just its starting grant, untouched. */
async function expectUntouched(uid: string): Promise<void> {
  const stored = (await account(uid)).data();
  expect(stored?.balance).toBe(STARTING_GRANT_TOKENS);
  expect(stored?.usage).toBeUndefined();
  expect([...(await ledger(uid)).keys()]).toEqual(['grant_start']);
}
const jobsOf = async (uid: string) => (await db.collection('jobs').where('uid', '==', uid).get()).docs;

describe('createImageJob', () => {
  it('debits count × price, writes the job queued and puts its task on the images queue', async () => {
    const user = await signUp();
    await user.call('ensureAccount');
    const params = request({
      model: 'gemini-3-pro-image-preview',
      imageSize: '2K',
      count: 3,
      seed: 42,
      negativePrompt: ' ',
    });
    const quote = quoteImageJob(params);
    expect(quote).toEqual({ tokens: 12, microUsd: 402_000 });

    const { jobId } = await user.call<CreateImageJobResponse>('createImageJob', params);

    const lines = await ledger(user.uid);
    // A refund line may follow if the stack's image service already ended the job; debits may not.
    expect([...lines.keys()].filter((id) => !id.startsWith('refund_')).sort()).toEqual([
      `debit_${jobId}`,
      'grant_start',
    ]);
    expect(lines.get(`debit_${jobId}`)).toMatchObject({
      kind: 'debit',
      tokens: -12,
      balanceAfter: STARTING_GRANT_TOKENS - 12,
      jobId,
    });

    // One consistent read: the stack's image service may end the job (and refund part) meanwhile.
    const [jobSnapshot, accountSnapshot] = await db.getAll(
      db.doc(`jobs/${jobId}`),
      db.doc(`accounts/${user.uid}`),
    );
    const job = jobSnapshot!.data() as JobDoc;
    expect(accountSnapshot!.get('balance')).toBe(STARTING_GRANT_TOKENS - 12 + job.cost.tokensRefunded);
    expect(['queued', 'running', 'succeeded', 'failed']).toContain(job.status);
    expect(job).toMatchObject({
      uid: user.uid,
      kind: 'image',
      params: {
        prompt: params.prompt,
        aspectRatio: params.aspectRatio,
        count: 3,
        seed: 42,
        model: 'gemini-3-pro-image-preview',
        enhancePrompt: true,
        imageSize: '2K',
      },
    });
    // An emptied negative prompt means none: the key is absent, not stored as "" or null.
    expect(job.params).not.toHaveProperty('negativePrompt');
    expect(job.cost.tokens).toBe(12);
    expect(job.cost.reservedMicroUsd).toBe(402_000);
    expect(job.createdAt.toMillis()).toBeGreaterThan(Date.now() - 60_000);

    const tasks = createLocalTasksClient(stack.env.CLOUD_TASKS_EMULATOR_HOST!);
    try {
      const parent = tasks.queuePath(stack.projectId, stack.env.TASKS_LOCATION!, imageQueue.name);
      const name = `${parent}/tasks/${imageTaskId(jobId)}`;
      const found = await tasks.getTask({ name, responseView: 'FULL' }).then(
        ([task]) => task,
        () => undefined,
      );
      if (found) {
        expect(found.httpRequest?.url).toBe(`${stack.env.IMAGE_SERVICE_URL}/tasks/image`);
        expect(JSON.parse(Buffer.from(found.httpRequest!.body!).toString())).toEqual({ jobId });
        expect(found.httpRequest?.oidcToken?.serviceAccountEmail).toBe(stack.env.TASKS_INVOKER_EMAIL);
        expect(Number(found.dispatchDeadline?.seconds)).toBe(imageQueue.dispatchDeadlineSeconds);
      } else {
        // Already delivered and done: its name stays reserved, so a twin is refused.
        const twin = tasks.createTask({
          parent,
          task: { name, httpRequest: { url: `${stack.env.IMAGE_SERVICE_URL}/tasks/image` } },
        });
        expect(await grpcCodeOf(twin)).toBe(6);
      }
    } finally {
      await tasks.close();
    }
  });

  it('debits the account ensureAccount opened with the starting grant', async () => {
    const user = await signUp();
    const price = quoteImageJob(request({ count: 1 })).tokens;
    const { jobId } = await user.call<CreateImageJobResponse>('createImageJob', request({ count: 1 }));
    expect((await account(user.uid)).get('balance')).toBe(STARTING_GRANT_TOKENS - price);
    const lines = await ledger(user.uid);
    expect(lines.get('grant_start')?.balanceAfter).toBe(STARTING_GRANT_TOKENS);
    expect(lines.get(`debit_${jobId}`)?.balanceAfter).toBe(STARTING_GRANT_TOKENS - price);
    expect(await user.call('ensureAccount')).toEqual({
      balance: STARTING_GRANT_TOKENS - price,
      grant: 'already-granted',
    });
  });

  it('takes a bare prompt: every other field gets its default, on gemini-3.1-flash-image at 1K', async () => {
    const user = await signUp();
    const { jobId } = await user.call<CreateImageJobResponse>('createImageJob', { prompt: 'a fox' });

    const job = (await db.doc(`jobs/${jobId}`).get()).data() as JobDoc;
    expect(job.params).toEqual({
      prompt: 'a fox',
      aspectRatio: '1:1',
      count: 2,
      model: 'gemini-3.1-flash-image',
      enhancePrompt: true,
      imageSize: '1K',
    });
    expect(job.cost).toMatchObject({ tokens: 4, reservedMicroUsd: 134_000 });
    expect((await ledger(user.uid)).get(`debit_${jobId}`)?.tokens).toBe(-4);
  });

  it('records the public post a remix came from, and leaves out one that was hidden meanwhile', async () => {
    const user = await signUp();
    const source = uniquePrefix('post');
    const hiddenSource = uniquePrefix('post');
    await db.doc(`posts/${source}`).set({ ownerUid: 'author-1', hidden: false, likeCount: 0 });
    await db.doc(`posts/${hiddenSource}`).set({ ownerUid: 'author-1', hidden: true, hiddenReason: 'owner' });

    const remix = await user.call<CreateImageJobResponse>('createImageJob', {
      prompt: 'a fox',
      remixOf: source,
    });
    const fromHidden = await user.call<CreateImageJobResponse>('createImageJob', {
      prompt: 'a fox',
      remixOf: hiddenSource,
    });

    expect((await db.doc(`jobs/${remix.jobId}`).get()).get('remixOf')).toEqual({
      postId: source,
      ownerUid: 'author-1',
    });
    expect((await db.doc(`jobs/${fromHidden.jobId}`).get()).get('remixOf')).toBeNull();
    const refusal = await refusalOf(user.call('createImageJob', { prompt: 'a fox', remixOf: 'posts/x' }));
    expect(refusal.code).toBe('functions/invalid-argument');
    expect(refusal.message).toMatch(/^remixOf/);
  });

  it('refuses a retired Imagen model on model, saying so, and writes nothing', async () => {
    const user = await signUp();
    const refused = await refusalOf(
      user.call('createImageJob', { prompt: 'a fox', model: 'imagen-4.0-generate-001' }),
    );
    expect(refused.code).toBe('functions/invalid-argument');
    expect(
      refused.message.startsWith(
        'model: Imagen 4 has been retired by Google and takes no new work. Pick one of the listed models.',
      ),
    ).toBe(true);
    expect(refused.details).toEqual({ code: 'invalid_argument', field: 'model' });
    await expectUntouched(user.uid);
    expect(await jobsOf(user.uid)).toHaveLength(0);
  });

  const badFields: [string, Record<string, unknown>, string][] = [
    ['an empty prompt', { prompt: '   ' }, 'prompt'],
    ['a prompt over 2000 characters', { prompt: 'p'.repeat(2001) }, 'prompt'],
    ['no variations', { count: 0 }, 'count'],
    ['five variations', { count: 5 }, 'count'],
    ['a fractional count', { count: 1.5 }, 'count'],
    ['an unknown aspect ratio', { aspectRatio: '2:1' }, 'aspectRatio'],
    ['a negative seed', { seed: -1 }, 'seed'],
    ['a seed past 2^32 - 1', { seed: 4_294_967_296 }, 'seed'],
    ['an unknown model', { model: 'imagen-9' }, 'model'],
    ['a retired model', { model: 'imagen-4.0-ultra-generate-001' }, 'model'],
    ['an unknown image size', { imageSize: '8K' }, 'imageSize'],
    ['a size the model does not make', { model: 'gemini-2.5-flash-image', imageSize: '2K' }, 'imageSize'],
    ['a request id with a slash', { requestId: 'aaaaaaaa/bbbbbbbb' }, 'requestId'],
  ];

  it.each(badFields)('refuses %s naming the field, and writes nothing', async (_label, overrides, field) => {
    const user = await signUp();
    const refused = await refusalOf(user.call('createImageJob', request(overrides)));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.message.startsWith(`${field}: `)).toBe(true);
    expect(refused.details).toEqual({ code: 'invalid_argument', field });
    await expectUntouched(user.uid);
    expect(await jobsOf(user.uid)).toHaveLength(0);
  });

  it('refuses a field the schema does not know, naming it, and writes nothing', async () => {
    const user = await signUp();
    const refused = await refusalOf(user.call('createImageJob', { ...request(), priority: 'high' }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.message).toContain('"priority"');
    await expectUntouched(user.uid);
    expect(await jobsOf(user.uid)).toHaveLength(0);
  });

  it('refuses a request the balance cannot pay for, and writes nothing beyond the account', async () => {
    const user = await signUp();
    await user.call('ensureAccount');
    // As if earlier jobs had spent all but 5 tokens.
    await db.doc(`accounts/${user.uid}`).update({ balance: 5 });

    const refused = await refusalOf(
      user.call(
        'createImageJob',
        request({ model: 'gemini-3-pro-image-preview', imageSize: '4K', count: 2 }),
      ),
    );
    expect(refused.code).toBe('functions/failed-precondition');
    expect(refused.message).toMatch(
      /^This needs 14 tokens and you have 5\. Ask for fewer variations, a smaller size or a cheaper model\./,
    );
    expect((await account(user.uid)).get('balance')).toBe(5);
    expect([...(await ledger(user.uid)).keys()]).toEqual(['grant_start']);
    expect(await jobsOf(user.uid)).toHaveLength(0);
  });

  it('answers 401 to a caller who is not signed in', async () => {
    const url = `${stack.env.FUNCTIONS_EMULATOR_ORIGIN}/${stack.projectId}/us-central1/createImageJob`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: request() }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
  });
});

describe('createImageJob with a request id', () => {
  const requestId = () => randomUUID();
  const debitsOf = async (uid: string) =>
    [...(await ledger(uid)).values()].filter((line) => line.kind === 'debit').map((line) => line.jobId);

  it('answers a retry with the job the first call made, debited once', async () => {
    const user = await signUp();
    const params = request({ count: 1, requestId: requestId() });

    const first = await user.call<CreateImageJobResponse>('createImageJob', params);
    const retry = await user.call<CreateImageJobResponse>('createImageJob', params);

    expect(retry.jobId).toBe(first.jobId);
    expect(await debitsOf(user.uid)).toEqual([first.jobId]);
    expect((await jobsOf(user.uid)).map((job) => job.id)).toEqual([first.jobId]);
  });

  it('makes one job when two calls with the same id race', async () => {
    const user = await signUp();
    await user.call('ensureAccount');
    const params = request({ count: 2, requestId: requestId() });

    const answers = await Promise.all([
      user.call<CreateImageJobResponse>('createImageJob', params),
      user.call<CreateImageJobResponse>('createImageJob', params),
    ]);

    expect(answers[1]!.jobId).toBe(answers[0]!.jobId);
    expect(await debitsOf(user.uid)).toEqual([answers[0]!.jobId]);
    expect(await jobsOf(user.uid)).toHaveLength(1);
  });

  it('refuses the id reused for a different request, naming requestId, and writes nothing more', async () => {
    const user = await signUp();
    const id = requestId();
    const { jobId } = await user.call<CreateImageJobResponse>(
      'createImageJob',
      request({ count: 1, requestId: id }),
    );
    const balance = (await account(user.uid)).get('balance') as number;

    const refused = await refusalOf(user.call('createImageJob', request({ count: 3, requestId: id })));

    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.details).toEqual({ code: 'invalid_argument', field: 'requestId' });
    expect(refused.message).toMatch(/already used for a different request/);
    expect((await account(user.uid)).get('balance')).toBe(balance);
    expect(await debitsOf(user.uid)).toEqual([jobId]);
  });

  it("keeps one user's id apart from another's: the same id makes each their own job", async () => {
    const [ada, grace] = await Promise.all([signUp(), signUp()]);
    const params = request({ count: 1, requestId: requestId() });

    const adas = await ada.call<CreateImageJobResponse>('createImageJob', params);
    const graces = await grace.call<CreateImageJobResponse>('createImageJob', params);

    expect(graces.jobId).not.toBe(adas.jobId);
    expect(await debitsOf(ada.uid)).toEqual([adas.jobId]);
    expect(await debitsOf(grace.uid)).toEqual([graces.jobId]);
  });
});
