import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The HTTP switch the local stand-ins share, so a fault suite can turn their
 * faults on and off while they run: `GET` answers the settings and counters,
 * `POST` applies a JSON body, `DELETE` clears. No real client asks for this
 * path: S3 bucket names cannot start with `_`, and Google's paths never do.
 */
export const faultSwitchPath = '/__phoenix/faults';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** What a stand-in puts behind {@link faultSwitchPath}. */
export interface FaultSwitch {
  /** Current settings and counters, as JSON; every answer of the route carries it. */
  state(): unknown;
  /** Validates a POSTed body and applies it; says what is wrong otherwise (answered as 400). */
  apply(body: unknown): ParseResult<unknown>;
  /** Back to the settings the stand-in started with, counters at zero. */
  clear(): void;
}

/** Control bodies are a few fields; anything larger is a mistake. */
const maxBodyBytes = 16 * 1024;

export function isFaultSwitchRequest(request: IncomingMessage): boolean {
  return new URL(request.url ?? '/', 'http://stand-in').pathname === faultSwitchPath;
}

export async function serveFaultSwitch(
  request: IncomingMessage,
  response: ServerResponse,
  faults: FaultSwitch,
): Promise<void> {
  switch (request.method) {
    case 'GET':
      sendJson(response, 200, faults.state());
      return;
    case 'DELETE':
      faults.clear();
      sendJson(response, 200, faults.state());
      return;
    case 'POST': {
      const body = await readJson(request);
      const applied = body.ok ? faults.apply(body.value) : body;
      if (applied.ok) sendJson(response, 200, faults.state());
      else sendJson(response, 400, { error: applied.problem });
      return;
    }
    default:
      response.setHeader('Allow', 'GET, POST, DELETE');
      sendJson(response, 405, { error: `${request.method} is not supported on ${faultSwitchPath}` });
  }
}

async function readJson(request: IncomingMessage): Promise<ParseResult<unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading so the connection stays usable, but keep nothing more.
    if (size <= maxBodyBytes) chunks.push(chunk);
  }
  if (size > maxBodyBytes) return { ok: false, problem: `the body is over ${maxBodyBytes} bytes` };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, problem: `the body is not JSON: ${(error as Error).message}` };
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(payload),
      'Cache-Control': 'no-store',
    })
    .end(payload);
}
