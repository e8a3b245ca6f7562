import { describe, expect, it } from 'vitest';
import { gcsMediaUrl, parseGcsUri } from './gcs-download.ts';

describe('parseGcsUri', () => {
  it('splits a bucket from its object', () => {
    expect(parseGcsUri('gs://phoenix-veo/out/op-1/sample_0.mp4')).toEqual({
      ok: true,
      bucket: 'phoenix-veo',
      object: 'out/op-1/sample_0.mp4',
    });
  });

  it('accepts a bare bucket, with or without a trailing slash, as naming no object', () => {
    expect(parseGcsUri('gs://phoenix-veo')).toEqual({ ok: true, bucket: 'phoenix-veo', object: '' });
    expect(parseGcsUri('gs://phoenix-veo/')).toEqual({ ok: true, bucket: 'phoenix-veo', object: '' });
  });

  it('refuses anything that is not gs://, or names no valid bucket', () => {
    for (const uri of ['https://storage.googleapis.com/b/o', 'GS://bucket/o', 'bucket/o', '']) {
      expect(parseGcsUri(uri)).toMatchObject({ ok: false, problem: expect.stringContaining('gs://') });
    }
    for (const uri of ['gs://', 'gs:///object', 'gs://Upper/o', 'gs://a/o', 'gs://-dash/o']) {
      expect(parseGcsUri(uri)).toMatchObject({ ok: false, problem: expect.stringContaining('bucket') });
    }
  });
});

describe('gcsMediaUrl', () => {
  it('addresses the object through the JSON API media path', () => {
    expect(gcsMediaUrl('https://storage.googleapis.com', 'gs://phoenix-veo/video.mp4')).toBe(
      'https://storage.googleapis.com/storage/v1/b/phoenix-veo/o/video.mp4?alt=media',
    );
  });

  it('encodes a nested object name as one segment, spaces and unicode included', () => {
    expect(gcsMediaUrl('http://127.0.0.1:8788/', 'gs://phoenix-veo/out dir/renard é/🦊 #1?.mp4')).toBe(
      'http://127.0.0.1:8788/storage/v1/b/phoenix-veo/o/out%20dir%2Frenard%20%C3%A9%2F%F0%9F%A6%8A%20%231%3F.mp4?alt=media',
    );
  });

  it('throws, naming the URI, when no object or no gs:// URI is given', () => {
    expect(() => gcsMediaUrl('https://storage.googleapis.com', 'gs://phoenix-veo/')).toThrow(
      /names no object: "gs:\/\/phoenix-veo\/"/,
    );
    expect(() => gcsMediaUrl('https://storage.googleapis.com', 'https://example.com/v.mp4')).toThrow(
      /gs:\/\//,
    );
  });
});
