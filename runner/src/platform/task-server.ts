import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { jsonLinesLogger, type Logger } from './log.ts';

/**
 * Limits on what a client may send before the handler sees it. A request
 * that breaks one is answered by Node (through `clientError`) and never
 * reaches the app.
 */
export const taskServerLimits = {
  /**
   * Milliseconds to receive the complete request head. Cloud Tasks sends it
   * in one write; a client that trickles it only holds a socket.
   */
  headersTimeoutMs: 10_000,
  /**
   * Milliseconds to receive the whole request, head and body (at most
   * task-app's `maxTaskBodyBytes`). It does not bound the handler: once the
   * body is in, a job may run for minutes.
   */
  requestTimeoutMs: 30_000,
  /**
   * Bytes of request line plus headers. A Cloud Tasks delivery carries an
   * OIDC token (about 1 KiB) and a dozen headers, well under this; more is
   * answered 431.
   */
  maxHeaderBytes: 16 * 1024,
  /**
   * Milliseconds between Node's sweeps for requests past the two timeouts
   * above: they are enforced only then. Node's default sweep (30 s) let a
   * trickled head live up to 40 s and a trickled body up to 60 s.
   */
  timeoutSweepMs: 1_000,
} as const;

/**
 * An HTTP server for a task app (see `createTaskApp`) with
 * {@link taskServerLimits}, not yet listening. A request Node cannot parse
 * (bad request line, huge headers, garbage bytes, a head that never ends) is
 * answered on the socket with a plain status and one log line; it never
 * reaches the app, and never becomes an unhandled 'error' event. A request
 * that reached the app and then broke (a body cut short) only has its
 * connection closed.
 */
export function createTaskServer(
  app: RequestListener,
  options: {
    /** Where refused requests are logged. Default: JSON lines on stdout. */
    log?: Logger;
  } = {},
): Server {
  const log = options.log ?? jsonLinesLogger;
  /** The last request each connection handed to the app. */
  const handed = new WeakMap<Duplex, IncomingMessage>();
  const server = createServer(
    {
      headersTimeout: taskServerLimits.headersTimeoutMs,
      requestTimeout: taskServerLimits.requestTimeoutMs,
      maxHeaderSize: taskServerLimits.maxHeaderBytes,
      connectionsCheckingInterval: taskServerLimits.timeoutSweepMs,
    },
    (request, response) => {
      handed.set(request.socket, request);
      app(request, response);
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A request the app already has (e.g. its body was cut short) is the app's to
    // answer, and it may have: a status written here would be a second answer.
    const midRequest = handed.get(socket)?.complete === false;
    refuseMalformed(error, socket, log, midRequest);
  });
  return server;
}

/** Statuses for the parser's errors; everything else is 400. */
const clientErrorStatus: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADERS_TIMEOUT: '408 Request Timeout',
};

function refuseMalformed(
  error: NodeJS.ErrnoException,
  socket: Duplex,
  log: Logger,
  midRequest: boolean,
): void {
  const status = clientErrorStatus[error.code ?? ''] ?? '400 Bad Request';
  // ECONNRESET: the client is gone, so is anyone to answer.
  const answered = !midRequest && error.code !== 'ECONNRESET' && socket.writable;
  log({
    severity: 'WARNING',
    message: 'malformed request refused',
    code: error.code,
    reason: error.message,
    status: answered ? Number(status.slice(0, 3)) : undefined,
  });
  if (answered) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
