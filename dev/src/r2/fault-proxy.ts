import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { pipeline } from 'node:stream';
import {
  decideRequest,
  type FaultPlan,
  noFaults,
  parsePutFaultRequest,
  withPutFaults,
} from './fault-plan.ts';
import { type FaultSwitch, isFaultSwitchRequest, serveFaultSwitch } from '../test-support/fault-switch.ts';

export interface FaultProxy {
  server: http.Server;
  /** Stops accepting, drops open connections and the pooled ones to s3rver. */
  close(): Promise<void>;
}

/**
 * Passes every request and answer between S3 clients and s3rver through
 * unchanged, except the uploads the fault plan says to fail. Host and
 * signature headers travel as sent, so SigV4 still verifies at s3rver.
 */
export function createFaultProxy(upstream: { host: string; port: number }): FaultProxy {
  const agent = new http.Agent({ keepAlive: true });
  let plan: FaultPlan = noFaults;
  const faults: FaultSwitch = {
    state: () => plan,
    apply(body) {
      const parsed = parsePutFaultRequest(body);
      if (parsed.ok) plan = withPutFaults(plan, parsed.value);
      return parsed;
    },
    clear() {
      plan = noFaults;
    },
  };

  const server = http.createServer((request, response) => {
    if (isFaultSwitchRequest(request)) {
      void serveFaultSwitch(request, response, faults);
      return;
    }
    const decision = decideRequest(plan, request.method ?? '', request.url ?? '/');
    plan = decision.plan;
    if (decision.fail === '500') answerInternalError(request, response);
    else if (decision.fail === 'reset') resetAfterBody(request);
    else forward(request, response, upstream, agent);
  });

  return {
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/**
 * Hop-by-hop headers describe one connection, not the message, so each side
 * sets its own. `Expect: 100-continue` was already answered by this server.
 */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

function endToEnd(rawHeaders: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!hopByHop.has(rawHeaders[i]!.toLowerCase())) kept.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  return kept;
}

function forward(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  upstream: { host: string; port: number },
  agent: http.Agent,
): void {
  const outgoing = http.request({
    host: upstream.host,
    port: upstream.port,
    method: request.method,
    path: request.url,
    headers: endToEnd(request.rawHeaders),
    agent,
  });
  outgoing.on('response', (answer) => {
    // The client may have gone while s3rver answered (a browser dropping an image it no longer
    // shows): piping into its closed response would throw and take the stand-in down.
    if (response.destroyed) {
      answer.resume();
      return;
    }
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
    pipeline(answer, response, () => {});
  });
  response.once('close', () => {
    if (!response.writableFinished) outgoing.destroy();
  });
  outgoing.on('error', (error) => {
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    response.writeHead(502, { 'Content-Type': 'text/plain' }).end(`s3rver unreachable: ${error.message}\n`);
  });
  pipeline(request, outgoing, () => {});
}

/** Waits for the upload's bytes, as S3 would, then refuses it as S3 does when it fails inside. */
function answerInternalError(request: http.IncomingMessage, response: http.ServerResponse): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const resource = new URL(request.url ?? '/', 'http://stand-in').pathname;
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Error><Code>InternalError</Code>' +
    '<Message>We encountered an internal error. Please try again.</Message>' +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
  request.resume();
  request.once('end', () => {
    response
      .writeHead(500, {
        'Content-Type': 'application/xml',
        'Content-Length': Buffer.byteLength(body),
        'x-amz-request-id': requestId,
      })
      .end(body);
  });
}

/**
 * Reads the whole upload first: a reset while the client is still sending
 * could surface as EPIPE instead. The client then waits for an answer and
 * reads ECONNRESET.
 */
function resetAfterBody(request: http.IncomingMessage): void {
  request.resume();
  request.once('end', () => request.socket.resetAndDestroy());
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
