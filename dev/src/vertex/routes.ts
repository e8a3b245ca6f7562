import { isModelMethod, type ModelMethod } from './models.ts';

/** A request addressed to a publisher model, as the SDK builds it in Vertex mode. */
export interface ModelRoute {
  kind: 'model';
  apiVersion: 'v1' | 'v1beta1';
  project: string;
  location: string;
  model: string;
  /** Present when the suffix is one the fake knows; `rawMethod` always holds what was sent. */
  method: ModelMethod | null;
  rawMethod: string;
}

/** A Cloud Storage JSON API object read, for what Veo wrote to its `storageUri`. */
export interface StorageObjectRoute {
  kind: 'storage-object';
  bucket: string;
  /** Decoded: the API sends the whole object name, slashes included, as one encoded segment. */
  object: string;
  /** `alt=media` asks for the data rather than the metadata. */
  media: boolean;
}

export type Route =
  | ModelRoute
  | StorageObjectRoute
  | { kind: 'health' }
  | { kind: 'fake-config' }
  | { kind: 'fake-requests' }
  | { kind: 'unknown' };

// Segments are URL-decoded individually: the SDK never encodes ':' but a
// browser-made or hand-written request might.
const MODEL_PATH =
  /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):([A-Za-z]+)$/;

const STORAGE_OBJECT_PATH = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)$/;

/** Classifies a request path (query string allowed) without looking at the method or body. */
export function parseRoute(rawUrl: string): Route {
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  if (path === '/healthz') return { kind: 'health' };
  if (path === '/_fake/config') return { kind: 'fake-config' };
  if (path === '/_fake/requests') return { kind: 'fake-requests' };
  const storage = STORAGE_OBJECT_PATH.exec(path);
  if (storage) return storageObjectRoute(storage[1] ?? '', storage[2] ?? '', rawUrl.slice(path.length + 1));
  const match = MODEL_PATH.exec(path.replaceAll('%3A', ':').replaceAll('%3a', ':'));
  if (!match) return { kind: 'unknown' };
  const [, apiVersion, project, location, model, rawMethod] = match as unknown as [
    string,
    'v1' | 'v1beta1',
    string,
    string,
    string,
    string,
  ];
  try {
    return {
      kind: 'model',
      apiVersion,
      project: decodeURIComponent(project),
      location: decodeURIComponent(location),
      model: decodeURIComponent(model),
      method: isModelMethod(rawMethod) ? rawMethod : null,
      rawMethod,
    };
  } catch {
    return { kind: 'unknown' };
  }
}

function storageObjectRoute(bucket: string, object: string, query: string): Route {
  try {
    return {
      kind: 'storage-object',
      bucket: decodeURIComponent(bucket),
      object: decodeURIComponent(object),
      media: new URLSearchParams(query).get('alt') === 'media',
    };
  } catch {
    return { kind: 'unknown' };
  }
}
