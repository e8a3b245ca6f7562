import type { ServerResponse } from 'node:http';
import { parseGcsUri } from '../../../runner/src/storage/gcs-download.ts';
import { GoogleApiError } from './errors.ts';
import type { StorageObjectRoute } from './routes.ts';

/**
 * Objects kept for reading back; the oldest are dropped first. A client reads
 * a video soon after its operation ends, and 64 small test videos stay a few
 * MiB, so a long-running stack never grows without bound.
 */
export const STORED_OBJECTS_KEPT = 64;

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

/** What Veo writes to its `storageUri` bucket, kept in memory and served by the Cloud Storage route. */
export class ObjectStore {
  readonly #objects = new Map<string, StoredObject>();

  /** Stores (or replaces) the object a `gs://bucket/object` URI names. */
  put(gcsUri: string, object: StoredObject): void {
    const parsed = parseGcsUri(gcsUri);
    if (!parsed.ok || parsed.object === '') throw new Error(`cannot store at ${gcsUri}`);
    const key = `${parsed.bucket}/${parsed.object}`;
    this.#objects.delete(key);
    this.#objects.set(key, object);
    for (const oldest of this.#objects.keys()) {
      if (this.#objects.size <= STORED_OBJECTS_KEPT) break;
      this.#objects.delete(oldest);
    }
  }

  get(bucket: string, object: string): StoredObject | undefined {
    return this.#objects.get(`${bucket}/${object}`);
  }
}

/** Answers `GET /storage/v1/b/{bucket}/o/{object}?alt=media` as the Cloud Storage JSON API does. */
export function sendStoredObject(res: ServerResponse, store: ObjectStore, route: StorageObjectRoute): number {
  if (!route.media) {
    throw new GoogleApiError(400, 'This fake serves object data only: add alt=media to the request.');
  }
  const stored = store.get(route.bucket, route.object);
  if (!stored) throw new GoogleApiError(404, `No such object: ${route.bucket}/${route.object}`);
  const { bytes } = stored;
  res.writeHead(200, { 'content-type': stored.contentType, 'content-length': bytes.length });
  res.end(bytes);
  return 200;
}
