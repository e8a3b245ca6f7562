import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { paths, spendPeriod, sumShards, type SpendShardDoc } from '@phoenix/core';
import { portsFor } from '../../dev/src/stack/ports.ts';
import { demoProjectId } from '../../dev/src/stack/services.ts';

const ports = portsFor('test');
const authApi = `http://127.0.0.1:${ports.auth}/identitytoolkit.googleapis.com/v1/projects/${demoProjectId}`;

/** What only the operator of the stack can do: claims in the Auth emulator, reads and seeds in Firestore. */
export class StackAdmin {
  readonly db: Firestore;
  private readonly app: App;

  constructor() {
    process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${ports.firestore}`;
    this.app = initializeApp({ projectId: demoProjectId }, `e2e-admin-${Date.now()}`);
    this.db = getFirestore(this.app);
  }

  /** Gives the admin claim to the user whose address starts with `emailPrefix` (what `npm run admin -- grant` does). */
  async makeAdmin(emailPrefix: string): Promise<void> {
    const owner = { 'content-type': 'application/json', authorization: 'Bearer owner' };
    const found = await fetch(`${authApi}/accounts:query`, { method: 'POST', headers: owner, body: '{}' });
    const { userInfo = [] } = (await found.json()) as { userInfo?: { localId: string; email?: string }[] };
    const user = userInfo.find((info) => info.email?.startsWith(emailPrefix));
    if (!user) throw new Error(`no user signs in as ${emailPrefix}…`);
    const updated = await fetch(`${authApi}/accounts:update`, {
      method: 'POST',
      headers: owner,
      body: JSON.stringify({ localId: user.localId, customAttributes: JSON.stringify({ admin: true }) }),
    });
    if (!updated.ok) throw new Error(`the Auth emulator refused the claim: ${updated.status}`);
  }

  /** This month's reserved + settled spend, in micro-USD, summed over the budget shards. */
  async monthSpendMicroUsd(): Promise<number> {
    const shards = await this.db.collection(paths.spendShards(spendPeriod(Date.now()))).get();
    const totals = sumShards(shards.docs.map((doc) => doc.data() as SpendShardDoc));
    return totals.reservedMicroUsd + totals.settledMicroUsd;
  }

  /** A post that three reports hid for review, with its reports. */
  async seedReportedPost(ownerUid: string, postId: string, prompt: string): Promise<void> {
    const createdAt = Timestamp.now();
    await this.db.doc(paths.post(postId)).set({
      kind: 'image',
      ownerUid,
      jobId: postId,
      prompt,
      negativePrompt: null,
      aspectRatio: '1:1',
      model: 'gemini-3.1-flash-image',
      seed: null,
      enhancePrompt: false,
      imageUrl: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
      thumbUrl: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
      width: 1024,
      height: 1024,
      placeholder: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
      dominantColor: '#556677',
      imageSize: '1K',
      likeCount: 0,
      hidden: true,
      hiddenReason: 'reported',
      reportCount: 3,
      remixOf: null,
      createdAt,
    });
    for (const reporter of ['r1', 'r2', 'r3']) {
      await this.db
        .doc(paths.report(postId, reporter))
        .set({ reason: 'spam', text: 'looks like an ad', createdAt });
    }
  }

  async close(): Promise<void> {
    await deleteApp(this.app);
  }
}
