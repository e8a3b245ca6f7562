import { randomUUID } from 'node:crypto';
import type {
  CreateImageJobRequest,
  CreateImageJobResponse,
  CreateVideoJobRequest,
  ImageRequest,
  JobDoc,
  VideoDraftRequest,
  VideoRequest,
} from '@phoenix/core';
import { isTerminal } from '@phoenix/core';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import {
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  getAuth,
  signInWithEmailAndPassword,
  type User,
} from 'firebase/auth';
import {
  collection,
  connectFirestoreEmulator,
  getFirestore,
  onSnapshot,
  query,
  where,
} from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions';

/** Where the emulators listen, as `stackEnv()` gives them. */
export interface EmulatorEndpoints {
  projectId: string;
  authHost: string;
  firestoreHost: string;
  functionsHost: string;
}

export function endpointsFromEnv(env: Record<string, string | undefined>): EmulatorEndpoints {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set; is the stack running?`);
    return value;
  };
  return {
    projectId: need('GCLOUD_PROJECT'),
    authHost: need('FIREBASE_AUTH_EMULATOR_HOST'),
    firestoreHost: need('FIRESTORE_EMULATOR_HOST'),
    functionsHost: new URL(need('FUNCTIONS_EMULATOR_ORIGIN')).host,
  };
}

/**
 * A signed-in Phoenix user driven through the same web SDK the browser uses:
 * callables for actions, a live listener for job status. Demo seeding and
 * benchmarks use it so they go through the real pipeline, never around it.
 */
export class PhoenixClient {
  readonly app: FirebaseApp;
  private following: Promise<void> | undefined;
  private stopFollowing: (() => void) | undefined;
  private readonly latest = new Map<string, JobDoc>();
  private readonly ended = new Map<string, (job: JobDoc) => void>();
  private readonly endpoints: EmulatorEndpoints;
  private constructor(app: FirebaseApp, endpoints: EmulatorEndpoints) {
    this.app = app;
    this.endpoints = endpoints;
  }

  static connect(endpoints: EmulatorEndpoints, name: string): PhoenixClient {
    const app = initializeApp({ projectId: endpoints.projectId, apiKey: 'demo-api-key' }, name);
    connectAuthEmulator(getAuth(app), `http://${endpoints.authHost}`, { disableWarnings: true });
    const [firestoreHost = '127.0.0.1', firestorePort = '0'] = endpoints.firestoreHost.split(':');
    connectFirestoreEmulator(getFirestore(app), firestoreHost, Number(firestorePort));
    const [functionsHost = '127.0.0.1', functionsPort = '0'] = endpoints.functionsHost.split(':');
    connectFunctionsEmulator(getFunctions(app), functionsHost, Number(functionsPort));
    return new PhoenixClient(app, endpoints);
  }

  /**
   * Signs in, creating the user first when the email is new. A new demo user's
   * address is marked verified in the Auth emulator (as following the emailed
   * link would), so `ensureAccount` gives the starting grant; `admin` also
   * sets the admin claim.
   */
  async signIn(email: string, password: string, options: { admin?: boolean } = {}): Promise<User> {
    const auth = getAuth(this.app);
    try {
      return (await signInWithEmailAndPassword(auth, email, password)).user;
    } catch {
      const { user } = await createUserWithEmailAndPassword(auth, email, password);
      await updateEmulatorUser(this.endpoints, user.uid, {
        emailVerified: true,
        ...(options.admin ? { customAttributes: JSON.stringify({ admin: true }) } : {}),
      });
      await user.getIdToken(true);
      return user;
    }
  }

  async ensureAccount(): Promise<{ balance: number; grant: string }> {
    const call = httpsCallable<void, { balance: number; grant: string }>(
      getFunctions(this.app),
      'ensureAccount',
    );
    return (await call()).data;
  }

  async claimUsername(username: string): Promise<void> {
    await httpsCallable(getFunctions(this.app), 'claimUsername')({ username });
  }

  async setLike(postId: string, liked: boolean): Promise<void> {
    await httpsCallable(getFunctions(this.app), 'setLike')({ postId, liked });
  }

  /**
   * Asks for images. A fresh request id by default, as the web app sends one
   * per intent; pass the same `requestId` again to get the same job back.
   */
  async createImageJob(request: ImageRequest, requestId: string = randomUUID()): Promise<string> {
    const call = httpsCallable<CreateImageJobRequest, CreateImageJobResponse>(
      getFunctions(this.app),
      'createImageJob',
    );
    return (await call({ ...request, requestId })).data.jobId;
  }

  /** As {@link createImageJob}, for a video draft. */
  async createVideoJob(request: VideoRequest, requestId: string = randomUUID()): Promise<string> {
    const call = httpsCallable<CreateVideoJobRequest, { jobId: string }>(
      getFunctions(this.app),
      'createVideoJob',
    );
    return (await call({ ...request, requestId })).data.jobId;
  }

  /** Publishes a finished video draft to the feed; publishing it again answers the same post. */
  async publishVideo(jobId: string): Promise<string> {
    const call = httpsCallable<VideoDraftRequest, { postId: string }>(getFunctions(this.app), 'publishVideo');
    return (await call({ jobId })).data.postId;
  }

  /**
   * Starts one live query over the signed-in user's jobs, as the create page
   * does, and resolves once its first snapshot arrived. Call it before the
   * jobs it should see are written: a listener attached while a document
   * changes can miss that change in the emulator.
   */
  async followMyJobs(): Promise<void> {
    if (this.following) return this.following;
    const uid = getAuth(this.app).currentUser?.uid;
    if (!uid) throw new Error('sign in before following jobs');
    this.following = new Promise((attached, failed) => {
      this.stopFollowing = onSnapshot(
        query(collection(getFirestore(this.app), 'jobs'), where('uid', '==', uid)),
        (snapshot) => {
          for (const change of snapshot.docChanges()) {
            const job = change.doc.data() as JobDoc;
            if (isTerminal(job.status)) this.ended.get(change.doc.id)?.(job);
            this.latest.set(change.doc.id, job);
          }
          attached();
        },
        failed,
      );
    });
    return this.following;
  }

  /** Resolves with the job once it ends; needs {@link followMyJobs} first. */
  jobEnded(jobId: string, timeoutMs = 60_000): Promise<JobDoc> {
    if (!this.following) throw new Error('call followMyJobs() before the job is created');
    const seen = this.latest.get(jobId);
    if (seen && isTerminal(seen.status)) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ended.delete(jobId);
        reject(new Error(`job ${jobId} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      this.ended.set(jobId, (job) => {
        clearTimeout(timer);
        this.ended.delete(jobId);
        resolve(job);
      });
    });
  }

  async close(): Promise<void> {
    this.stopFollowing?.();
    await deleteApp(this.app);
  }
}

/** Changes a user as the Auth emulator's admin can (verified email, custom claims): local stacks only. */
export async function updateEmulatorUser(
  endpoints: Pick<EmulatorEndpoints, 'authHost' | 'projectId'>,
  uid: string,
  fields: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(
    `http://${endpoints.authHost}/identitytoolkit.googleapis.com/v1/projects/${endpoints.projectId}/accounts:update`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
      body: JSON.stringify({ localId: uid, ...fields }),
    },
  );
  if (!response.ok)
    throw new Error(`the Auth emulator refused the update: ${response.status} ${await response.text()}`);
}
