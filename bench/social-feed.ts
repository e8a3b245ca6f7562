import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Firestore as AdminFirestore } from 'firebase-admin/firestore';
import sharp from 'sharp';
import { type RunningChild, startChild } from '../dev/src/stack/child.ts';
import { answers, waitUntil } from '../dev/src/stack/health.ts';
import { repoRoot, webEnv } from '../dev/src/stack/launch.ts';
import type { PortLayout } from '../dev/src/stack/ports.ts';
import { createR2Client } from '../runner/src/storage/r2-client.ts';
import type { BenchPart } from './social-likes.ts';
import { seedPosts } from './social-posts.ts';
import { summarize } from './stats.ts';

/** P4b sizes and where things are. */
export interface FeedBenchOptions {
  adminDb: AdminFirestore;
  ports: PortLayout;
  /** The stack's environment (R2 endpoint, bucket and public base URL). */
  stackEnv: Record<string, string>;
  onLine: (name: string, line: string) => void;
  /** Posts seeded into the feed. Default 48 (two pages). */
  posts?: number;
  /** Measured cold visits, each in a fresh browser context. Default 10. */
  coldRuns?: number;
  /** Measured repeat visits in one context that has visited once. Default 10. */
  repeatRuns?: number;
}

const run = promisify(execFile);
const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
const viteConfig = join(repoRoot, 'bench', 'web.vite.config.ts');
/** Kit's client output under the bench build's `outDir` (see web.vite.config.ts). */
const clientDir = join(repoRoot, '.phoenix', 'bench-web', 'kit', 'output', 'client');
/** The feed list by its accessible name, and its cards: stable while the card markup changes. */
const firstCardSelector = 'ul[aria-label="Explore feed"] > li';
const paintTimeoutMs = 30_000;

/** Playwright's launch flags for Debian's Chromium, as in e2e/playwright.config.ts. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Records, in the page, when the first feed card enters the DOM:
 * `performance.now()` counts from the navigation's start.
 */
function watchFirstCard(selector: string): void {
  // Runs in the page; typed by hand because the bench compiles without the DOM library.
  const page = globalThis as unknown as InPage;
  const observer = new page.MutationObserver(() => {
    if (page.benchFirstCardMs !== undefined || !page.document.querySelector(selector)) return;
    page.benchFirstCardMs = performance.now();
    observer.disconnect();
  });
  observer.observe(page.document, { childList: true, subtree: true });
}

/** What {@link watchFirstCard} uses of the page's window. */
interface InPage {
  benchFirstCardMs?: number;
  document: { querySelector(selector: string): unknown };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
    disconnect(): void;
  };
}

/** Navigates to the feed and returns the ms from navigation start to its first card. */
export async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => (globalThis as unknown as InPage).benchFirstCardMs,
    undefined,
    { timeout: paintTimeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/** One small real WebP in R2, as the image service stores images, with its public URL. */
async function uploadImage(
  stackEnv: Record<string, string>,
): Promise<{ imageUrl: string; thumbUrl: string }> {
  const s3 = createR2Client({
    endpoint: stackEnv.R2_ENDPOINT ?? '',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  const image = sharp({ create: { width: 512, height: 512, channels: 3, background: '#c0392b' } });
  const keys = {
    imageUrl: 'images/bench-author/img_bench.webp',
    thumbUrl: 'images/bench-author/img_bench_thumb.webp',
  };
  try {
    for (const [field, key] of Object.entries(keys)) {
      const size = field === 'thumbUrl' ? 256 : 512;
      const body = await image.clone().resize(size).webp({ quality: 80 }).toBuffer();
      await s3.send(
        new PutObjectCommand({ Bucket: stackEnv.R2_BUCKET, Key: key, Body: body, ContentType: 'image/webp' }),
      );
    }
  } finally {
    s3.destroy();
  }
  const base = stackEnv.R2_PUBLIC_BASE_URL ?? '';
  return { imageUrl: base + keys.imageUrl, thumbUrl: base + keys.thumbUrl };
}

/** Where and how big the served feed is. */
/** A browser window's size in CSS pixels. */
export interface Viewport {
  width: number;
  height: number;
}

export const desktopViewport: Viewport = { width: 1280, height: 800 };
/** A phone: the width the pages are designed down to. */
export const phoneViewport: Viewport = { width: 390, height: 844 };

export type FeedServeOptions = Pick<FeedBenchOptions, 'adminDb' | 'ports' | 'stackEnv' | 'onLine' | 'posts'>;

/** The production build served on the bench web port over a seeded feed, and Chromium to visit it. */
export interface ServedFeed {
  url: string;
  /** The build's client files, by their path under the site root, with Vite's `.vite/manifest.json`. */
  clientDir: string;
  browser: Browser;
  /** A fresh context (no HTTP cache, no IndexedDB) that records when the first feed card appears; 1280×800 unless told. */
  newContext(viewport?: Viewport): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Builds the web app for the bench ports, seeds the feed (one small WebP in
 * R2 behind every post), serves the build with `vite preview` and starts
 * Debian's Chromium.
 */
export async function serveFeed(options: FeedServeOptions): Promise<ServedFeed> {
  const { adminDb, ports, stackEnv, onLine } = options;
  process.stdout.write('building the web app for the bench ports…\n');
  const built = await run(process.execPath, [vite, 'build', '--config', viteConfig], {
    cwd: repoRoot,
    env: { ...process.env, ...webEnv(ports) },
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of `${built.stdout}${built.stderr}`.split('\n')) onLine('web-build', line);

  const media = await uploadImage(stackEnv);
  await seedPosts(adminDb, options.posts ?? 48, { ...media, width: 512, height: 512 });

  const url = `http://127.0.0.1:${ports.web}/`;
  let preview: RunningChild | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => {});
    await preview?.stop();
  };
  try {
    preview = startChild(
      {
        name: 'preview',
        command: process.execPath,
        args: [vite, 'preview', '--config', viteConfig, '--port', String(ports.web), '--strictPort'],
        cwd: repoRoot,
      },
      onLine,
    );
    const exited = preview.exited.then((code) => `exited early (${code})`);
    await waitUntil('vite preview', () => answers(url), { timeoutMs: 30_000, abort: exited });
    browser = await chromium.launch({
      executablePath: process.env.PHOENIX_CHROMIUM ?? '/usr/bin/chromium',
      args: chromiumArgs,
    });
    const launched = browser;
    return {
      url,
      clientDir,
      browser: launched,
      async newContext(viewport = desktopViewport) {
        const context = await launched.newContext({ viewport });
        await context.addInitScript(watchFirstCard, firstCardSelector);
        return context;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * P4b: the explore feed's first paint in Debian Chromium, on the production
 * build pointed at the bench emulators: cold (a fresh context, so no
 * IndexedDB) and repeat visits (Firestore's persistent cache answers first).
 */
export async function benchFeedFirstPaint(options: FeedBenchOptions): Promise<BenchPart> {
  const { ports } = options;
  const served = await serveFeed(options);
  const { url, browser } = served;
  try {
    // One unmeasured cold visit first: the preview server and emulator warm up on it.
    const cold: number[] = [];
    for (let index = -1; index < (options.coldRuns ?? 10); index++) {
      const context = await served.newContext();
      const paintMs = await firstPaint(await context.newPage(), url);
      if (index >= 0) cold.push(paintMs);
      await context.close();
    }

    const context = await served.newContext();
    const page = await context.newPage();
    await firstPaint(page, url);
    const repeat: number[] = [];
    for (let index = 0; index < (options.repeatRuns ?? 10); index++) repeat.push(await firstPaint(page, url));
    // Whether the cache alone paints the feed: one more visit with the Firestore emulator unreachable.
    await context.route(`http://127.0.0.1:${ports.firestore}/**`, (route) => route.abort());
    const offline = await firstPaint(page, url).then(
      (paintMs) => `yes (${paintMs.toFixed(0)} ms)`,
      () => `no (no card within ${paintTimeoutMs / 1000} s)`,
    );
    await context.close();

    const coldSummary = summarize('P4b feed first paint, cold', cold);
    const repeatSummary = summarize('P4b feed first paint, repeat visit', repeat);
    return {
      rows: [
        { ...coldSummary, note: 'navigation start → first card; fresh context (no IndexedDB)' },
        { ...repeatSummary, note: 'the same, in a context that visited before (persistent cache)' },
      ],
      lines: [
        `P4b repeat p50 / cold p50: ${(repeatSummary.p50 / coldSummary.p50).toFixed(2)}× ` +
          `(p95: ${(repeatSummary.p95 / coldSummary.p95).toFixed(2)}×)`,
        `repeat visit paints the feed with the Firestore emulator unreachable: ${offline}`,
        `feed: ${options.posts ?? 48} posts seeded, one 512 px WebP in R2; Chromium ${browser.version()} at 1280×800`,
      ],
    };
  } finally {
    await served.close();
  }
}
