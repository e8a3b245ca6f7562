import { GoogleGenAI, type GoogleGenAIOptions } from '@google/genai';
import { OAuth2Client } from 'google-auth-library';

export interface VertexClientOptions {
  /** Google Cloud project whose Vertex AI quota and billing the calls use. */
  project: string;
  /** API base URL; undefined means Google's endpoint (or `GOOGLE_VERTEX_BASE_URL`, which the SDK reads). */
  baseUrl?: string | undefined;
  /**
   * A fixed access token, for the local fake only. Undefined means
   * Application Default Credentials (the Cloud Run service account).
   */
  accessToken?: string | undefined;
}

/**
 * @google/genai nests its own google-auth-library major, so the class types
 * differ while the runtime contract (getRequestHeaders) is the same.
 */
type GenAIAuthClient = NonNullable<NonNullable<GoogleGenAIOptions['googleAuthOptions']>['authClient']>;

/** Far enough ahead that the client never tries a refresh, which would need Google's token endpoint. */
const neverExpiresMs = Date.UTC(2999, 0, 1);

/**
 * Vertex AI clients by location, one per location, made on first use. The
 * location is part of every request path and belongs to the model: the
 * Gemini 3 image models exist only at `global`, and a regional client gets
 * 404 for them. Never an `apiKey`: that switches the SDK to express mode,
 * which drops the `projects/…/locations/…` path.
 */
export function createVertexClients(options: VertexClientOptions): (location: string) => GoogleGenAI {
  let googleAuthOptions: GoogleGenAIOptions['googleAuthOptions'];
  if (options.accessToken !== undefined) {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: options.accessToken, expiry_date: neverExpiresMs });
    googleAuthOptions = { authClient: authClient as unknown as GenAIAuthClient };
  }
  const clients = new Map<string, GoogleGenAI>();
  return (location) => {
    let client = clients.get(location);
    if (!client) {
      client = new GoogleGenAI({
        vertexai: true,
        project: options.project,
        location,
        ...(options.baseUrl === undefined ? {} : { httpOptions: { baseUrl: options.baseUrl } }),
        ...(googleAuthOptions === undefined ? {} : { googleAuthOptions }),
      });
      clients.set(location, client);
    }
    return client;
  };
}
