import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunkNames, chunkWeight, gzipLevel, pageScripts, summarizeWeights } from './js-weight.ts';

const origin = 'http://127.0.0.1:8173';

describe('pageScripts', () => {
  it("keeps the page's own scripts once each and sets the rest apart", () => {
    expect(
      pageScripts(
        [
          `${origin}/_app/immutable/entry/start.abc.js`,
          `${origin}/_app/immutable/chunks/x1.js?v=2`,
          `${origin}/_app/immutable/entry/start.abc.js`,
          `${origin}/_app/immutable/assets/0.css`,
          `${origin}/`,
          'http://127.0.0.1:11080/v1/projects/p/databases/(default)/documents:runQuery',
          'https://apis.example.com/js/api.js',
        ],
        origin,
      ),
    ).toEqual({
      files: ['_app/immutable/chunks/x1.js', '_app/immutable/entry/start.abc.js'],
      elsewhere: ['https://apis.example.com/js/api.js'],
    });
  });
});

describe('chunkNames', () => {
  it('names output files by their chunk, skipping unnamed ones', () => {
    const names = chunkNames({
      '_a.js': { file: '_app/immutable/chunks/a.js', name: 'firebase' },
      'x.css': { file: '_app/immutable/assets/x.css' },
    });
    expect([...names]).toEqual([['_app/immutable/chunks/a.js', 'firebase']]);
  });
});

describe('chunkWeight', () => {
  it('gzips at the stated level and keeps the raw size', () => {
    const content = Buffer.from('export const greeting = "hello";\n'.repeat(200));
    const weight = chunkWeight('a.js', content, 'a');
    expect(weight.bytes).toBe(content.length);
    expect(weight.gzipBytes).toBe(gzipSync(content, { level: gzipLevel }).length);
    expect(weight.gzipBytes).toBeLessThan(content.length / 10);
    expect(gunzipSync(gzipSync(content, { level: gzipLevel })).equals(content)).toBe(true);
  });
});

describe('summarizeWeights', () => {
  it('sums every file and lists the heaviest gzipped first', () => {
    const chunk = (file: string, bytes: number, gzipBytes: number) => ({
      file,
      name: undefined,
      bytes,
      gzipBytes,
    });
    const summary = summarizeWeights(
      [chunk('a.js', 100, 40), chunk('b.js', 900, 30), chunk('c.js', 50, 45), chunk('d.js', 10, 5)],
      2,
    );
    expect(summary).toMatchObject({ files: 4, bytes: 1060, gzipBytes: 120 });
    expect(summary.top.map((entry) => entry.file)).toEqual(['c.js', 'a.js']);
  });
});
