import type { IncomingMessage, ServerResponse } from 'node:http';
import { PhoenixError, isFinalAttempt, parseRequest } from '@phoenix/core';
import type { ConcurrencyGate } from './concurrency-gate.ts';
import { jsonLinesLogger, type Logger } from './log.ts';
import type { TaskAppState } from './state.ts';
import type { TaskAuthenticator } from './task-auth.ts';
import type { TaskBody, TaskOutcome, TaskRoute } from './task-route.ts';

export interface TaskAppDeps {
  state: TaskAppState;
  auth: TaskAuthenticator;
  /** Caps the task requests in flight; health checks are not counted. */
  gate: ConcurrencyGate;
  /** Names the service in log lines and refusals: `image` logs "image task succeeded". */
  serviceName: string;
  /** The task routes by path, e.g. `/tasks/image`. */
  routes: Readonly<Record<string, TaskRoute>>;
  /** Default: JSON lines on stdout. */
  log?: Logger;
}

/** `Retry-After` when every slot is taken or the instance is draining, in seconds. */
export const saturatedRetryAfterSeconds = 2;
/** `Retry-After` when the token-signing certificates could not be fetched, in seconds. */
export const certsUnavailableRetryAfterSeconds = 5;
/** A task body is `{ jobId }` and a few fields; Cloud Tasks allows 100 KB, anything near that is not ours. */
export const maxTaskBodyBytes = 16 * 1024;

/**
 * A task service's HTTP surface, with no port of its own, so tests drive it
 * directly: health and readiness, and the routes Cloud Tasks calls with an
 * OIDC token. Total: whatever the request, it is answered (or its socket
 * closed) and the error is logged; nothing escapes to crash the process.
 */
export function createTaskApp(deps: TaskAppDeps) {
  const log = deps.log ?? jsonLinesLogger;
  const routes = new Map(Object.entries(deps.routes));
  return (request: IncomingMessage, response: ServerResponse): void => {
    // A client that goes away mid-request must not become an unhandled 'error' event.
    request.on('error', (error) =>
      log({ severity: 'INFO', message: 'request stream failed', reason: error.message }),
    );
    response.on('error', (error) =>
      log({ severity: 'INFO', message: 'response stream failed', reason: error.message }),
    );
    const fail = (error: unknown): void => {
      log({ severity: 'ERROR', message: `${deps.serviceName} request crashed`, error: errorText(error) });
      if (!response.headersSent)
        sendError(response, 500, 'internal', 'Unexpected error; the task will be retried');
      else response.destroy();
    };
    try {
      route(deps, routes, log, request, response)?.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

/** Answers the request; a promise when the answer comes later. */
function route(
  deps: TaskAppDeps,
  routes: ReadonlyMap<string, TaskRoute>,
  log: Logger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> | undefined {
  const path = requestPath(request.url);
  if (path === null) {
    const example = [...routes.keys()][0] ?? '/healthz';
    sendError(
      response,
      400,
      'bad_request',
      `The request target ${JSON.stringify(request.url ?? '')} is not a path such as ${example}`,
    );
    return;
  }
  if (request.method === 'GET' && path === '/healthz') {
    sendJson(response, 200, { status: 'ok' });
    return;
  }
  if (request.method === 'GET' && path === '/readyz') {
    if (deps.state.accepting) sendJson(response, 200, { status: 'ready' });
    else sendJson(response, 503, { status: 'draining' });
    return;
  }
  const task = routes.get(path);
  if (task) {
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendError(response, 405, 'method_not_allowed', `Use POST for ${path}`);
      return;
    }
    return handleTaskRequest(deps, task, log, request, response);
  }
  if (path === '/healthz' || path === '/readyz') {
    response.setHeader('allow', 'GET');
    sendError(response, 405, 'method_not_allowed', `Use GET for ${path}`);
    return;
  }
  sendError(response, 404, 'not_found', `No route for ${request.method} ${path}`);
}

/**
 * The path of a request target, or null when it is none. Origin-form (`/a?b`)
 * is read as it stands, so `//` is the path `//`, not a host; absolute-form
 * (`http://host/a`) is parsed; anything else (`*`, `foo`, `http://[`) is not a path.
 */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined) return null;
  if (target.startsWith('/')) {
    const end = target.search(/[?#]/);
    return end === -1 ? target : target.slice(0, end);
  }
  if (!/^https?:\/\//i.test(target)) return null;
  try {
    return new URL(target).pathname;
  } catch {
    return null;
  }
}

async function handleTaskRequest(
  deps: TaskAppDeps,
  task: TaskRoute,
  log: Logger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const auth = await deps.auth.verify(request.headers.authorization);
  if (!auth.ok) {
    log({
      severity: 'WARNING',
      message: `${deps.serviceName} task refused`,
      status: auth.status,
      reason: auth.reason,
    });
    if (auth.status === 503) {
      // Not the caller's fault: Cloud Tasks retries a 503, and the token may pass then.
      response.setHeader('retry-after', String(certsUnavailableRetryAfterSeconds));
      return sendError(response, 503, 'unavailable', `The token could not be checked: ${auth.reason}`);
    }
    if (auth.status === 401) response.setHeader('www-authenticate', 'Bearer');
    return auth.status === 401
      ? sendError(response, 401, 'unauthenticated', 'A valid Cloud Tasks OIDC token is required')
      : sendError(response, 403, 'permission_denied', `This caller may not run ${deps.serviceName} tasks`);
  }
  const read = await readBody(request);
  if (read.problem === 'aborted') {
    // The client hung up mid-body: there is no one to answer, and nothing was touched.
    log({
      severity: 'INFO',
      message: `${deps.serviceName} task request aborted by the client before its body ended`,
    });
    return;
  }
  if (read.problem === 'too_large')
    return sendError(response, 413, 'too_large', `Task bodies are at most ${maxTaskBodyBytes} bytes`);
  let body: TaskBody;
  try {
    // The schema's type says its output is a TaskBody; parseRequest's does not carry it.
    body = parseRequest(task.bodySchema, parseJson(read.text)) as TaskBody;
  } catch (error) {
    if (!(error instanceof PhoenixError)) throw error;
    // 400 even though Cloud Tasks retries it: a malformed body means our
    // producer is broken, and failing loudly (at most maxAttempts times,
    // touching nothing) beats a 2xx that hides it.
    log({ severity: 'ERROR', message: `${deps.serviceName} task body rejected`, reason: error.message });
    return sendError(response, 400, 'invalid_argument', error.message, error.field);
  }
  const retryCount = retryCountOf(request);
  // Checked after the (async) token and body reads, right before taking a
  // slot, so nothing starts once draining has begun.
  const release = deps.state.accepting ? deps.gate.tryEnter() : undefined;
  if (!release) {
    if (task.shedFinal && isFinalAttempt(retryCount, task.maxAttempts)) {
      const outcome = await task.shedFinal(body);
      log({
        severity: outcome.severity,
        message: `${deps.serviceName} task ${outcome.outcome}`,
        jobId: body.jobId,
        attempt: retryCount + 1,
        ...outcome.details,
      });
      return sendOutcome(response, outcome);
    }
    response.setHeader('retry-after', String(saturatedRetryAfterSeconds));
    return deps.state.accepting
      ? sendError(response, 429, 'overloaded', `All ${deps.gate.limit} slots are busy`)
      : sendError(response, 503, 'draining', 'This instance is shutting down; retry elsewhere');
  }
  try {
    const startedMs = performance.now();
    const outcome = await task.handle(body, { retryCount, signal: deps.state.abandon.signal });
    log({
      severity: outcome.severity,
      message: `${deps.serviceName} task ${outcome.outcome}`,
      jobId: body.jobId,
      attempt: retryCount + 1,
      taskName: request.headers['x-cloudtasks-taskname'],
      status: outcome.httpStatus,
      durationMs: Math.round(performance.now() - startedMs),
      ...outcome.details,
    });
    sendOutcome(response, outcome);
  } finally {
    release();
  }
}

/** Cloud Tasks counts from 0; a request without the header is treated as a first try. */
function retryCountOf(request: IncomingMessage): number {
  const raw = request.headers['x-cloudtasks-taskretrycount'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new PhoenixError('invalid_argument', 'The task body is not JSON; expected {"jobId": "…"}');
  }
}

/**
 * The body as text; `too_large` past {@link maxTaskBodyBytes}; `aborted` when
 * the client went away before the body ended (a truncated body).
 */
async function readBody(
  request: IncomingMessage,
): Promise<{ problem: null; text: string } | { problem: 'too_large' } | { problem: 'aborted' }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxTaskBodyBytes) return { problem: 'too_large' };
      chunks.push(chunk);
    }
  } catch (error) {
    if (request.destroyed && !request.complete) return { problem: 'aborted' };
    throw error;
  }
  // Ended without error yet short of Content-Length: the socket closed mid-body.
  if (!request.complete) return { problem: 'aborted' };
  return { problem: null, text: Buffer.concat(chunks).toString('utf8') };
}

function sendOutcome(response: ServerResponse, outcome: TaskOutcome): void {
  if (outcome.retryAfterSeconds !== undefined)
    response.setHeader('retry-after', String(outcome.retryAfterSeconds));
  sendJson(response, outcome.httpStatus, outcome.body);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  field?: string,
): void {
  sendJson(response, status, { error: { code, message, ...(field === undefined ? {} : { field }) } });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
