import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ObjectStore, sendStoredObject, STORED_OBJECTS_KEPT } from './object-store.ts';
import type { StorageObjectRoute } from './routes.ts';

const video = (fill: number) => ({ bytes: Buffer.alloc(4, fill), contentType: 'video/mp4' });

describe('ObjectStore', () => {
  it('keeps the newest objects up to its bound, dropping the oldest first', () => {
    const store = new ObjectStore();
    for (let index = 0; index <= STORED_OBJECTS_KEPT; index++) {
      store.put(`gs://phoenix-veo-test/out/op/sample_${index}.mp4`, video(index));
    }
    expect(store.get('phoenix-veo-test', 'out/op/sample_0.mp4')).toBeUndefined();
    expect(store.get('phoenix-veo-test', 'out/op/sample_1.mp4')).toBeDefined();
    expect(store.get('phoenix-veo-test', `out/op/sample_${STORED_OBJECTS_KEPT}.mp4`)).toBeDefined();
  });

  it('counts a rewritten object as new', () => {
    const store = new ObjectStore();
    store.put('gs://bucket-a/first.mp4', video(1));
    for (let index = 1; index < STORED_OBJECTS_KEPT; index++)
      store.put(`gs://bucket-a/${index}.mp4`, video(2));
    store.put('gs://bucket-a/first.mp4', video(3));
    store.put('gs://bucket-a/one-more.mp4', video(4));
    expect(store.get('bucket-a', 'first.mp4')).toBeDefined();
    expect(store.get('bucket-a', '1.mp4')).toBeUndefined();
  });

  it('refuses a URI that names no object', () => {
    expect(() => new ObjectStore().put('gs://bucket-a/', video(1))).toThrow(/gs:\/\/bucket-a\//);
  });
});

describe('sendStoredObject', () => {
  const route = (object: string, media = true): StorageObjectRoute => ({
    kind: 'storage-object',
    bucket: 'bucket-a',
    object,
    media,
  });
  const response = () => {
    const sent: { status?: number; headers?: Record<string, unknown>; body?: Buffer } = {};
    const res = {
      writeHead(status: number, headers: Record<string, unknown>) {
        Object.assign(sent, { status, headers });
      },
      end(body: Buffer) {
        sent.body = body;
      },
    } as unknown as ServerResponse;
    return { res, sent };
  };

  it('answers the stored bytes as video/mp4', () => {
    const store = new ObjectStore();
    store.put('gs://bucket-a/out/sample_0.mp4', video(7));
    const { res, sent } = response();
    expect(sendStoredObject(res, store, route('out/sample_0.mp4'))).toBe(200);
    expect(sent).toEqual({
      status: 200,
      headers: { 'content-type': 'video/mp4', 'content-length': 4 },
      body: Buffer.alloc(4, 7),
    });
  });

  it('answers 404 naming the object it does not hold, and 400 for a metadata read', () => {
    const store = new ObjectStore();
    store.put('gs://bucket-a/held.mp4', video(1));
    expect(() => sendStoredObject(response().res, store, route('out/gone.mp4'))).toThrow(
      expect.objectContaining({ httpStatus: 404, message: 'No such object: bucket-a/out/gone.mp4' }),
    );
    expect(() => sendStoredObject(response().res, store, route('held.mp4', false))).toThrow(
      expect.objectContaining({ httpStatus: 400 }),
    );
  });
});
