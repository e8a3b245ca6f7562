import type { Page } from '@playwright/test';

/** The page's Largest Contentful Paint once it settled: when, and what was painted. */
export interface LcpReading {
  /** From the navigation's start, in milliseconds. */
  startMs: number;
  /** The element's tag, e.g. `IMG`. */
  element: string;
  /** The image's URL, or '' for text. */
  url: string;
}

/** What a settled page reports: its LCP (null when Chromium reported none) and every resource it fetched. */
export interface SettledPage {
  lcp: LcpReading | null;
  origin: string;
  resourceUrls: string[];
}

/** How long the page may take to load every image in view after its first card. */
const settleTimeoutMs = 30_000;
/** How long to wait for the buffered LCP entries once the page has painted everything in view. */
const lcpReadTimeoutMs = 5_000;

/** What the functions below use of the page's window; typed by hand because the bench compiles without the DOM library. */
interface InPage {
  innerHeight: number;
  location: { origin: string };
  document: {
    readyState: string;
    images: ArrayLike<{
      complete: boolean;
      getBoundingClientRect(): { top: number; bottom: number; width: number; height: number };
    }>;
  };
  performance: { getEntriesByType(type: 'resource'): { name: string }[] };
  requestAnimationFrame(callback: () => void): void;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(handle: number): void;
  PerformanceObserver: new (
    callback: (
      list: { getEntries(): { startTime: number; url?: string; element?: { tagName: string } | null }[] },
      observer: { disconnect(): void },
    ) => void,
  ) => { observe(options: { type: string; buffered: boolean }): void };
}

/** In the page: the document has loaded and every image in the viewport has loaded (or failed). */
function imagesInViewSettled(): boolean {
  const page = globalThis as unknown as InPage;
  if (page.document.readyState !== 'complete') return false;
  return Array.from(page.document.images).every((image) => {
    const box = image.getBoundingClientRect();
    const inView = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < page.innerHeight;
    return !inView || image.complete;
  });
}

/**
 * In the page: the last `largest-contentful-paint` entry, through a buffered
 * observer made two frames after everything in view loaded, so the paint of
 * the last image has been reported.
 */
function readLargestContentfulPaint(timeoutMs: number): Promise<LcpReading | null> {
  const page = globalThis as unknown as InPage;
  return new Promise((resolve) => {
    page.requestAnimationFrame(() =>
      page.requestAnimationFrame(() => {
        const timer = page.setTimeout(() => resolve(null), timeoutMs);
        new page.PerformanceObserver((list, observer) => {
          const last = list.getEntries().at(-1);
          if (!last) return;
          observer.disconnect();
          page.clearTimeout(timer);
          resolve({ startMs: last.startTime, element: last.element?.tagName ?? '', url: last.url ?? '' });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
    );
  });
}

/** In the page: its origin and every resource it fetched, scripts included, from resource timing. */
function resourcesFetched(): { origin: string; resourceUrls: string[] } {
  const page = globalThis as unknown as InPage;
  return {
    origin: page.location.origin,
    resourceUrls: page.performance.getEntriesByType('resource').map((entry) => entry.name),
  };
}

/**
 * Waits until a page that has painted its first card has loaded every image
 * in view, then reads its LCP and what it fetched. Read after load, as a
 * field tool reports LCP when the visitor first interacts or leaves.
 */
export async function readSettledPage(page: Page): Promise<SettledPage> {
  await page.waitForFunction(imagesInViewSettled, undefined, { timeout: settleTimeoutMs });
  const lcp = await page.evaluate(readLargestContentfulPaint, lcpReadTimeoutMs);
  return { lcp, ...(await page.evaluate(resourcesFetched)) };
}
