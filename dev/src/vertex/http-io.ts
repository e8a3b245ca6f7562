import type { IncomingMessage, ServerResponse } from 'node:http';
import { GoogleApiError, googleErrorBody } from './errors.ts';
import { isObject, type JsonObject } from './json-fields.ts';

const UNAUTHENTICATED_MESSAGE =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** Google's 401 for a request without a bearer token; any token passes, as the fake checks no identity. */
export function requireBearerToken(req: IncomingMessage): void {
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    throw new GoogleApiError(401, UNAUTHENTICATED_MESSAGE);
  }
}

/** Reads and parses a JSON object body; anything else is Google's "Invalid JSON payload" 400. */
export async function readJsonObject(req: IncomingMessage, maxBytes: number): Promise<JsonObject> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new GoogleApiError(400, `Request payload size exceeds the limit: ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text === '' ? '{}' : text);
  } catch (error) {
    throw new GoogleApiError(
      400,
      `Invalid JSON payload received. ${error instanceof Error ? error.message : 'Unparseable body.'}`,
    );
  }
  if (!isObject(parsed))
    throw new GoogleApiError(400, 'Invalid JSON payload received. Expected a JSON object.');
  return parsed;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    // Google sends this exact type; the SDK only parses error bodies whose type includes application/json.
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendGoogleError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, googleErrorBody(status, message));
}

/** One server-sent event, the framing `:streamGenerateContent?alt=sse` uses. */
export function sendSse(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.end(`data: ${JSON.stringify(body)}\r\n\r\n`);
}
