import { GoogleGenAI, type GoogleGenAIOptions } from '@google/genai';
import { OAuth2Client } from 'google-auth-library';

export interface LocalGenAIOptions {
  /** The fake's base URL, e.g. `VertexFake.url`; the SDK appends the API version and resource path. */
  baseUrl: string;
  /** Project id put into request paths. Default `'phoenix-local'`. */
  project?: string;
  /** Location put into request paths. Default `'us-central1'`. */
  location?: string;
  /** `'v1'` or `'v1beta1'`. Default: the SDK's own default (`v1beta1`). */
  apiVersion?: string;
  /** Headers sent with every request, e.g. `{ 'x-fake-fault': 'latency=200' }`. */
  headers?: Record<string, string>;
}

/**
 * @google/genai 3.1 nests its own google-auth-library 10 while the repo has
 * 11, so the class types differ even though the runtime contract
 * (getRequestHeaders returning Headers) is the same.
 */
type GenAIAuthClient = NonNullable<NonNullable<GoogleGenAIOptions['googleAuthOptions']>['authClient']>;

/** Far enough ahead that the client never tries to refresh, which would need the network. */
const NEVER_EXPIRES_MS = Date.UTC(2999, 0, 1);

/**
 * A real `GoogleGenAI` in Vertex mode pointed at a local base URL. The
 * pre-credentialed OAuth2Client makes no network calls and sends
 * `Authorization: Bearer local`; an `apiKey` would switch the SDK to express
 * mode, which drops the `projects/…` path the fake routes on.
 */
export function createLocalGenAI(options: LocalGenAIOptions): GoogleGenAI {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'local', expiry_date: NEVER_EXPIRES_MS });
  return new GoogleGenAI({
    vertexai: true,
    project: options.project ?? 'phoenix-local',
    location: options.location ?? 'us-central1',
    httpOptions: {
      baseUrl: options.baseUrl,
      ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    },
    googleAuthOptions: { authClient: authClient as unknown as GenAIAuthClient },
  });
}
