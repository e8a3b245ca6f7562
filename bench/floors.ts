import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { deleteApp, initializeApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import { connectFirestoreEmulator, doc, getFirestore, onSnapshot } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions';
import sharp from 'sharp';
import { silentLogger } from '../runner/src/platform/log.ts';
import { startRecordingTarget } from '../dev/src/cloud-tasks/recording-target.ts';
import { startEmulatorHarness } from '../dev/src/cloud-tasks/test-harness.ts';
import { startR2Fake } from '../dev/src/r2/server.ts';
import { launchStack } from '../dev/src/stack/launch.ts';
import { renderSettings } from '../runner/src/image/render.ts';
import { createR2Client } from '../runner/src/storage/r2-client.ts';
import { createLocalGenAI } from '../dev/src/vertex/client.ts';
import { startVertexFake } from '../dev/src/vertex/server.ts';
import { formatTable, measure, type Summary } from './stats.ts';

/**
 * Floors: the cost of each building block alone, on this machine, so later
 * pipeline figures (accept latency, dispatch → succeeded) can be read as a
 * ratio to what the parts themselves need. Figures, not pass/fail.
 */
const rows: (Summary & { note: string })[] = [];
const record = (summary: Summary, note: string) => {
  rows.push({ ...summary, note });
  process.stdout.write(`  measured ${summary.name}\n`);
};

process.stdout.write('starting Firestore, Auth and Functions emulators (bench ports)…\n');
const stack = await launchStack({ profile: 'bench', only: ['firestore', 'firebase'], onLine: () => {} });
Object.assign(process.env, stack.env);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(130)));
}
const { ports, projectId } = stack;

try {
  const adminApp = initializeAdminApp({ projectId }, 'bench-admin');
  const adminDb = getAdminFirestore(adminApp);
  const counter = adminDb.doc('bench/counter');
  await counter.set({ value: 0 });
  record(
    await measure('firestore transaction', 200, () =>
      adminDb.runTransaction(async (transaction) => {
        const snapshot = await transaction.get(counter);
        transaction.update(counter, { value: Number(snapshot.get('value')) + 1 });
      }),
    ),
    'firebase-admin read + update of one document',
  );

  const webApp = initializeApp({ projectId, apiKey: 'demo-api-key' }, 'bench-web');
  const webDb = getFirestore(webApp);
  connectFirestoreEmulator(webDb, '127.0.0.1', ports.firestore, { mockUserToken: 'owner' });
  // One live listener on one document; each run writes a new value and waits for it.
  const live = 'bench-live/doc';
  let waiting: { value: number; resolve: () => void } | undefined;
  let attached: () => void = () => {};
  const listening = new Promise<void>((resolve) => (attached = resolve));
  const stopListening = onSnapshot(doc(webDb, live), (snapshot) => {
    attached();
    if (waiting && snapshot.get('value') === waiting.value) waiting.resolve();
  });
  await listening;
  record(
    await measure('firestore write → listener', 100, async (index) => {
      const seen = new Promise<void>((resolve) => (waiting = { value: index, resolve }));
      await adminDb.doc(live).set({ value: index });
      await seen;
    }),
    'admin write until an attached web-SDK onSnapshot sees it',
  );
  stopListening();

  const auth = getAuth(webApp);
  connectAuthEmulator(auth, `http://127.0.0.1:${ports.auth}`, { disableWarnings: true });
  const functions = getFunctions(webApp);
  connectFunctionsEmulator(functions, '127.0.0.1', ports.functions);
  await createUserWithEmailAndPassword(auth, 'bench@example.com', 'bench-password');
  const ping = httpsCallable(functions, 'ping');
  record(
    await measure('callable ping', 200, () => ping({})),
    'signed-in web SDK call through the Functions emulator',
  );

  await deleteApp(webApp);
  await deleteAdminApp(adminApp);
} finally {
  await stack.stop();
}

const square = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#c0392b' } })
  .composite([
    {
      input: Buffer.from(
        '<svg width="1024" height="1024"><circle cx="512" cy="512" r="400" fill="#f1c40f"/></svg>',
      ),
    },
  ])
  .png()
  .toBuffer();
record(
  await measure('sharp WebP 1024²', 50, () =>
    sharp(square).webp({ quality: renderSettings.fullQuality, effort: renderSettings.webpEffort }).toBuffer(),
  ),
  `full-size WebP q${renderSettings.fullQuality}, method ${renderSettings.webpEffort}, as the image service`,
);
record(
  await measure('sharp thumbnail 256', 50, () =>
    sharp(square)
      .resize(renderSettings.thumbnailWidth)
      .webp({ quality: renderSettings.thumbnailQuality, effort: renderSettings.webpEffort })
      .toBuffer(),
  ),
  `${renderSettings.thumbnailWidth} px WebP thumbnail`,
);

const r2 = await startR2Fake({ port: 0 });
const s3 = createR2Client({
  endpoint: r2.endpoint,
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  forcePathStyle: true,
});
const object = randomBytes(200 * 1024);
record(
  await measure('R2 put 200 KB', 200, (index) =>
    s3.send(
      new PutObjectCommand({
        Bucket: r2.bucket,
        Key: `bench/o${index + 10}.webp`,
        Body: object,
        ContentType: 'image/webp',
      }),
    ),
  ),
  '@aws-sdk/client-s3 PutObject to s3rver',
);
s3.destroy();
await r2.close();

const vertex = await startVertexFake({ port: 0, logger: () => {} });
// The default model, at the only location that serves it, as the image service calls it.
const genai = createLocalGenAI({ baseUrl: vertex.url, location: 'global' });
record(
  await measure('vertex fake image', 30, (index) =>
    genai.models.generateContent({
      model: 'gemini-3.1-flash-image',
      contents: [{ role: 'user', parts: [{ text: `bench ${index}` }] }],
      config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '1:1', imageSize: '1K' } },
    }),
  ),
  'generateContent, 1 image at 1K, zero injected latency',
);
await vertex.close();

const tasks = await startEmulatorHarness({ logger: silentLogger });
let arrived: (() => void) | undefined;
const target = await startRecordingTarget(() => {
  arrived?.();
  return {};
});
const queue = await tasks.createQueue('bench');
record(
  await measure('cloud task create → dispatch', 100, async () => {
    const delivered = new Promise<void>((resolve) => (arrived = resolve));
    await tasks.client.createTask({
      parent: queue,
      task: { httpRequest: { httpMethod: 'POST', url: target.url, body: Buffer.from('{}') } },
    });
    await delivered;
  }),
  'createTask until the target receives the request',
);
await target.close();
await tasks.close();

process.stdout.write(`\n${formatTable(rows)}\n`);
