import { GoogleAuth } from 'google-auth-library';

/** Google's Cloud Storage endpoint; the local Vertex fake serves the same JSON API paths. */
export const DEFAULT_GCS_API_BASE_URL = 'https://storage.googleapis.com';

/**
 * Largest object a download accepts. An 8 s 4K Veo video is well under
 * 100 MiB; anything near this is not a video the worker asked for, and the
 * whole body is held in memory on an instance that also runs ffmpeg.
 */
export const MAX_GCS_DOWNLOAD_BYTES = 512 * 1024 * 1024;

/** A stalled read must not hold the delivery forever; a Veo video reads in seconds within Google's network. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Bucket names as Cloud Storage allows them: lowercase, digits, `-`, `_` and `.`, 3 to 222 characters. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/** A `gs://` URI split; `object` is '' when the URI names only a bucket (an output location may). */
export type GcsUri = { ok: true; bucket: string; object: string } | { ok: false; problem: string };

/** Splits `gs://bucket/object/name`. Object names are taken as written: gs:// URIs are not percent-encoded. */
export function parseGcsUri(uri: string): GcsUri {
  if (!uri.startsWith('gs://')) return { ok: false, problem: `must start with gs://, got "${uri}"` };
  const rest = uri.slice('gs://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (!BUCKET_NAME.test(bucket)) return { ok: false, problem: `names no valid bucket: "${uri}"` };
  return { ok: true, bucket, object: slash === -1 ? '' : rest.slice(slash + 1) };
}

/** The JSON API media URL of the object a `gs://` URI names; throws when it names no object. */
export function gcsMediaUrl(baseUrl: string, uri: string): string {
  const parsed = parseGcsUri(uri);
  if (!parsed.ok) throw new Error(`Cloud Storage URI ${parsed.problem}`);
  if (parsed.object === '') throw new Error(`Cloud Storage URI names no object: "${uri}"`);
  const bucket = encodeURIComponent(parsed.bucket);
  return `${baseUrl.replace(/\/+$/, '')}/storage/v1/b/${bucket}/o/${encodeURIComponent(parsed.object)}?alt=media`;
}

export interface GcsDownloadOptions {
  /** `https://storage.googleapis.com`, or the local fake. */
  baseUrl: string;
  /**
   * A fixed access token, for the local fake only. Undefined means
   * Application Default Credentials (the Cloud Run service account).
   */
  accessToken: string | undefined;
  /** Default {@link MAX_GCS_DOWNLOAD_BYTES}. */
  maxBytes?: number;
}

/** Reads whole objects by `gs://` URI through the Cloud Storage JSON API. */
export function createGcsDownloader(options: GcsDownloadOptions): (uri: string) => Promise<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_GCS_DOWNLOAD_BYTES;
  let auth: GoogleAuth | undefined;
  const accessToken = async (): Promise<string> => {
    if (options.accessToken !== undefined) return options.accessToken;
    // One client for the process, so its token is cached and refreshed rather than fetched per download.
    auth ??= new GoogleAuth({ scopes: 'https://www.googleapis.com/auth/cloud-platform' });
    const token = await auth.getAccessToken();
    if (!token) throw new Error('Application Default Credentials gave no access token for Cloud Storage');
    return token;
  };

  return async (uri) => {
    const url = gcsMediaUrl(options.baseUrl, uri);
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${await accessToken()}` },
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel();
      // The status lets the caller retry 429 and 5xx as transient, as for any fetched media.
      throw Object.assign(new Error(`reading ${uri} from Cloud Storage answered ${response.status}`), {
        status: response.status,
      });
    }
    return readCapped(response, maxBytes, uri);
  };
}

async function readCapped(response: Response, maxBytes: number, uri: string): Promise<Buffer> {
  const tooLarge = () => new Error(`${uri} is larger than ${maxBytes} bytes; refusing to read it`);
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
