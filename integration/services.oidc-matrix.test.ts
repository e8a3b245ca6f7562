import { imageRequestDefaults, paths, videoQueue } from '@phoenix/core';
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcSigner, type OidcSigner } from '../dev/src/cloud-tasks/oidc.ts';
import { startImageServiceFixture } from './image-service.fixture.ts';
import { startVideoWorkerFixture } from './video-worker.fixture.ts';
import { uniquePrefix } from './support/stack.ts';

/**
 * Who may call the task routes, for both services from one table: only
 * Cloud Tasks' token for the service's own invoker account and audience.
 * Every other `Authorization` is refused, 401 when the token is missing or
 * not one Google signed for this audience and still valid, 403 when a good
 * token names someone else, and the job the body names is left as it was:
 * not written, and no model called for it. The same delivery with the
 * valid token then works the job, so the refusals are the token's doing.
 */

/** A service under test, started by its in-process fixture. */
interface Subject {
  url: string;
  /** The route Cloud Tasks calls, e.g. `/tasks/image`. */
  path: string;
  audience: string;
  invokerEmail: string;
  /** The key the service's certificates URL publishes. */
  signer: OidcSigner;
  db: Firestore;
  /** A job no delivery has reached yet, whose prompt carries `marker`. */
  seedJob(marker: string): Promise<string>;
  /** Requests the Vertex fake answered for prompts carrying `marker`. */
  modelCallsFor(marker: string): number;
  /** What the first valid delivery of the seeded job ends in. */
  acceptedOutcome: string;
  close(): Promise<void>;
}

const subjects: Array<{ name: string; start(): Promise<Subject> }> = [
  {
    name: 'image',
    async start() {
      const fixture = await startImageServiceFixture();
      return {
        url: fixture.url,
        path: '/tasks/image',
        audience: fixture.audience,
        invokerEmail: fixture.invokerEmail,
        signer: fixture.tasks.signer,
        db: fixture.db,
        seedJob: async (marker) =>
          (
            await fixture.seedJob({
              ...imageRequestDefaults,
              prompt: `a quiet harbour ${marker}`,
              count: 1,
              enhancePrompt: false,
            })
          ).jobId,
        modelCallsFor: (marker) => fixture.vertex.requests().filter((r) => r.prompt.includes(marker)).length,
        acceptedOutcome: 'succeeded',
        close: () => fixture.close(),
      };
    },
  },
  {
    name: 'video',
    async start() {
      const fixture = await startVideoWorkerFixture();
      // Only this test delivers: the job's own task (and the control's polls) wait in the paused queue.
      await fixture.tasks.client.pauseQueue({ name: `${fixture.tasks.location}/queues/${videoQueue.name}` });
      return {
        url: fixture.url,
        path: '/tasks/video',
        audience: fixture.url,
        invokerEmail: fixture.invokerEmail,
        signer: fixture.tasks.signer,
        db: fixture.db,
        seedJob: async (marker) =>
          fixture.createVideoJob(await fixture.newUser(), {
            prompt: `a kite in the wind ${marker}`,
            durationSeconds: 4,
          }),
        modelCallsFor: (marker) => fixture.vertex.requests().filter((r) => r.prompt.includes(marker)).length,
        acceptedOutcome: 'submitted',
        close: () => fixture.close(),
      };
    },
  },
];

/** How a token departs from the one Cloud Tasks would sign for the service's invoker. */
interface TokenChange {
  /** When it was issued; it lives an hour from then. */
  nowMs?: number;
  claims?: Record<string, unknown>;
  signer?: OidcSigner;
  keyId?: string;
}

interface Mint {
  token(change?: TokenChange): string;
  /** The key id the service's certificates publish. */
  publishedKeyId: string;
}

interface Refusal {
  name: string;
  status: 401 | 403;
  /** The `Authorization` header; undefined sends none. */
  authorization(mint: Mint): string | undefined;
}

const hourMs = 3_600_000;
/** A key pair of the same kind as the emulator's, that no certificates URL publishes. */
const foreignSigner = await createOidcSigner();
const base64UrlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const refusals: Refusal[] = [
  { name: 'no Authorization header', status: 401, authorization: () => undefined },
  { name: 'an empty Authorization header', status: 401, authorization: () => '' },
  { name: 'the Bearer scheme with no token', status: 401, authorization: () => 'Bearer ' },
  { name: 'a valid token under the Basic scheme', status: 401, authorization: (m) => `Basic ${m.token()}` },
  { name: 'a bearer value that is not a JWT', status: 401, authorization: () => 'Bearer not-a-jwt' },
  {
    name: 'an unsigned token (alg none) under the published key id',
    status: 401,
    authorization: (m) => {
      const payload = m.token().split('.')[1]!;
      return `Bearer ${base64UrlJson({ alg: 'none', kid: m.publishedKeyId, typ: 'JWT' })}.${payload}.`;
    },
  },
  {
    name: 'a token that expired an hour ago',
    status: 401,
    authorization: (m) => `Bearer ${m.token({ nowMs: Date.now() - 2 * hourMs })}`,
  },
  {
    name: 'a token issued an hour from now (its iat is checked; there is no nbf)',
    status: 401,
    authorization: (m) => `Bearer ${m.token({ nowMs: Date.now() + hourMs })}`,
  },
  {
    name: 'a token valid for two days',
    status: 401,
    authorization: (m) =>
      `Bearer ${m.token({ claims: { exp: Math.floor((Date.now() + 48 * hourMs) / 1000) } })}`,
  },
  {
    name: 'a token for another audience',
    status: 401,
    authorization: (m) => `Bearer ${m.token({ claims: { aud: 'https://elsewhere.run.test' } })}`,
  },
  {
    name: 'a token from another issuer',
    status: 401,
    authorization: (m) => `Bearer ${m.token({ claims: { iss: 'https://issuer.example' } })}`,
  },
  {
    name: 'a token signed by a key the certificates do not publish',
    status: 401,
    authorization: (m) => `Bearer ${m.token({ signer: foreignSigner })}`,
  },
  {
    name: 'a token signed by a foreign key under the published key id',
    status: 401,
    authorization: (m) => `Bearer ${m.token({ signer: foreignSigner, keyId: m.publishedKeyId })}`,
  },
  {
    name: 'a token for another service account',
    status: 403,
    authorization: (m) =>
      `Bearer ${m.token({ claims: { email: 'intruder@demo-phoenix.iam.gserviceaccount.com' } })}`,
  },
  {
    name: 'a token whose email is not verified',
    status: 403,
    authorization: (m) => `Bearer ${m.token({ claims: { email_verified: false } })}`,
  },
  {
    name: 'a token without an email',
    status: 403,
    authorization: (m) => `Bearer ${m.token({ claims: { email: undefined } })}`,
  },
];

describe.each(subjects)('$name service: who may call its task route', ({ start }) => {
  let subject: Subject;
  let mint: Mint;
  const marker = uniquePrefix('oidc');
  let jobId: string;
  let updatedAt: string | undefined;

  beforeAll(async () => {
    subject = await start();
    mint = {
      publishedKeyId: subject.signer.keyId,
      token: (change = {}) =>
        (change.signer ?? subject.signer).signIdToken({
          audience: subject.audience,
          serviceAccountEmail: subject.invokerEmail,
          nowMs: change.nowMs ?? Date.now(),
          claims: change.claims,
          keyId: change.keyId,
        }),
    };
    jobId = await subject.seedJob(marker);
    updatedAt = await updateTimeOf(jobId);
  });

  afterAll(async () => {
    await subject?.close();
  });

  async function updateTimeOf(id: string): Promise<string | undefined> {
    return (await subject.db.doc(paths.job(id)).get()).updateTime?.valueOf();
  }

  async function deliver(authorization: string | undefined) {
    const response = await fetch(`${subject.url}${subject.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify({ jobId }),
    });
    const body = (await response.json()) as { error?: { code: string }; outcome?: string };
    return { status: response.status, challenge: response.headers.get('www-authenticate'), body };
  }

  it.each(refusals)('answers $status to $name, and touches nothing', async ({ status, authorization }) => {
    const response = await deliver(authorization(mint));
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(status === 401 ? 'unauthenticated' : 'permission_denied');
    expect(response.challenge).toBe(status === 401 ? 'Bearer' : null);
    expect(await updateTimeOf(jobId)).toBe(updatedAt);
    // A model call happens inside the delivery, before its answer: none means none.
    expect(subject.modelCallsFor(marker)).toBe(0);
  });

  it('lets the same delivery in with the invoker token, and it works the job (the control)', async () => {
    const response = await deliver(`Bearer ${mint.token()}`);
    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe(subject.acceptedOutcome);
    expect(await updateTimeOf(jobId)).not.toBe(updatedAt);
    expect(subject.modelCallsFor(marker)).toBeGreaterThan(0);
  });
});
