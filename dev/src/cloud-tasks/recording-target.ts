import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the target saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Lower-cased names, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Epoch ms when the request arrived. */
  receivedAtMs: number;
}

export interface TargetReply {
  /** @default 200 */
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this long (ms). @default 0 */
  delayMs?: number;
  /** Never answer; the caller must give up. @default false */
  hang?: boolean;
}

/** Decides the answer to the `index`-th request (0-based). */
export type Responder = (request: RecordedRequest, index: number) => TargetReply;

export interface RecordingTarget {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: RecordedRequest[];
  /** Requests received but not yet answered. */
  readonly inFlight: number;
  /** Most requests that were ever in flight at once. */
  readonly maxInFlight: number;
  /** Resolves once at least `count` requests arrived; rejects after `timeoutMs`. @default timeoutMs 5000 */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for a Cloud Tasks target: it records every
 * request and answers as `responder` says, so tests can see exactly what
 * was dispatched and steer retries.
 */
export async function startRecordingTarget(responder: Responder = () => ({})): Promise<RecordingTarget> {
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const recorded: RecordedRequest = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks),
        receivedAtMs: Date.now(),
      };
      const index = requests.push(recorded) - 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (const wake of waiters) wake();
      let answered = false;
      const settle = (): void => {
        if (answered) return;
        answered = true;
        inFlight -= 1;
      };
      // An abandoned request (deadline, shutdown) is no longer in flight either.
      response.on('close', settle);
      const reply = responder(recorded, index);
      if (reply.hang) return;
      const answer = (): void => {
        settle();
        response.writeHead(reply.status ?? 200, reply.headers).end(reply.body ?? '');
      };
      if (!reply.delayMs) {
        answer();
        return;
      }
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        answer();
      }, reply.delayMs);
      pendingTimers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    waitForRequests(count, timeoutMs = 5000) {
      if (requests.length >= count) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (requests.length < count) return;
          cleanup();
          resolve(requests);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
