import { gzipSync } from 'node:zlib';

/** gzip's highest level, as a CDN compresses static assets once and serves them many times. */
export const gzipLevel = 9;

/** One JavaScript file a page loaded, raw and gzipped. */
export interface ChunkWeight {
  /** Its path under the site root, e.g. `_app/immutable/chunks/abc.js`. */
  file: string;
  /** The name Vite gave the chunk, when the build manifest has one. */
  name: string | undefined;
  bytes: number;
  gzipBytes: number;
}

export interface WeightSummary {
  files: number;
  bytes: number;
  gzipBytes: number;
  /** The heaviest chunks gzipped, heaviest first. */
  top: ChunkWeight[];
}

/** The page's own scripts (same origin, `.js`), as site-root paths, once each; anything else loaded from elsewhere apart. */
export function pageScripts(
  resourceUrls: readonly string[],
  origin: string,
): { files: string[]; elsewhere: string[] } {
  const files = new Set<string>();
  const elsewhere = new Set<string>();
  for (const raw of resourceUrls) {
    const url = new URL(raw);
    if (!url.pathname.endsWith('.js')) continue;
    if (url.origin === origin) files.add(url.pathname.replace(/^\/+/, ''));
    else elsewhere.add(`${url.origin}${url.pathname}`);
  }
  return { files: [...files].sort(), elsewhere: [...elsewhere].sort() };
}

/** Output file → chunk name, from a Vite build manifest (`.vite/manifest.json`). */
export function chunkNames(manifest: Record<string, { file: string; name?: string }>): Map<string, string> {
  const names = new Map<string, string>();
  for (const chunk of Object.values(manifest)) if (chunk.name) names.set(chunk.file, chunk.name);
  return names;
}

export function chunkWeight(file: string, content: Uint8Array, name?: string): ChunkWeight {
  return { file, name, bytes: content.length, gzipBytes: gzipSync(content, { level: gzipLevel }).length };
}

/** Each file gzipped on its own, as it travels, and summed: not one archive of them all. */
export function summarizeWeights(chunks: readonly ChunkWeight[], top = 5): WeightSummary {
  return {
    files: chunks.length,
    bytes: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
    gzipBytes: chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    top: [...chunks].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, top),
  };
}
