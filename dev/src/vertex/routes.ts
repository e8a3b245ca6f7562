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

export type Route =
  ModelRoute | { kind: 'health' } | { kind: 'fake-config' } | { kind: 'fake-requests' } | { kind: 'unknown' };

// Segments are URL-decoded individually: the SDK never encodes ':' but a
// browser-made or hand-written request might.
const MODEL_PATH =
  /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):([A-Za-z]+)$/;

/** Classifies a request path (query string allowed) without looking at the method or body. */
export function parseRoute(rawUrl: string): Route {
  const path = rawUrl.split('?', 1)[0] ?? '';
  if (path === '/healthz') return { kind: 'health' };
  if (path === '/_fake/config') return { kind: 'fake-config' };
  if (path === '/_fake/requests') return { kind: 'fake-requests' };
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
