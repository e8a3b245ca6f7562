import http from 'node:http';
import https from 'node:https';
import type { HttpMethod } from './task-input.ts';

export type AttemptOutcome =
  | { kind: 'response'; status: number; statusText: string; retryAfter: string | undefined }
  | { kind: 'deadline-exceeded' }
  | { kind: 'network-error'; message: string }
  /** The emulator is shutting down; the result means nothing. */
  | { kind: 'cancelled' };

export interface OutgoingRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The attempt fails as DEADLINE_EXCEEDED when the whole answer takes longer (ms). */
  deadlineMs: number;
  signal: AbortSignal;
  agents: { http: http.Agent; https: https.Agent };
}

const methodsWithBody = new Set<HttpMethod>(['POST', 'PUT', 'PATCH']);

/**
 * Sends one attempt with node:http rather than fetch, so that no header the
 * task did not ask for (Accept, Sec-Fetch-Mode, …) reaches the target.
 */
export function sendAttempt(request: OutgoingRequest): Promise<AttemptOutcome> {
  if (request.signal.aborted) return Promise.resolve({ kind: 'cancelled' });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };

    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const headers = { ...request.headers };
    if (methodsWithBody.has(request.method)) headers['Content-Length'] = String(request.body.length);

    const outgoing = (secure ? https : http).request(url, {
      method: request.method,
      headers,
      agent: secure ? request.agents.https : request.agents.http,
    });
    const deadline = setTimeout(() => {
      finish({ kind: 'deadline-exceeded' });
      outgoing.destroy();
    }, request.deadlineMs);
    const onAbort = (): void => {
      finish({ kind: 'cancelled' });
      outgoing.destroy();
    };
    request.signal.addEventListener('abort', onAbort);

    outgoing.on('response', (response) => {
      response.on('error', (error) => finish({ kind: 'network-error', message: error.message }));
      // Drain the body: the attempt ends when the whole answer has arrived.
      response.resume();
      response.on('end', () =>
        finish({
          kind: 'response',
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          retryAfter: headerText(response.headers['retry-after']),
        }),
      );
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'network-error', message: error.code ?? error.message }),
    );
    outgoing.end(methodsWithBody.has(request.method) ? request.body : undefined);
  });
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
