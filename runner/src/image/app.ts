import type { IncomingMessage, ServerResponse } from 'node:http';
import { PhoenixError, imageTaskBodySchema, isFinalAttempt, parseRequest } from '@phoenix/core';
import type { ConcurrencyGate } from './concurrency-gate.ts';
import { handleImageTask, type ImageTaskDeps, type TaskOutcome } from './handle-task.ts';
import { jsonLinesLogger, type Logger } from './log.ts';
import type { TaskAuthenticator } from './task-auth.ts';
import { shedFinalDelivery } from './shed-task.ts';

export interface ImageAppState {
  /** False once SIGTERM arrived: Cloud Run stops routing, we finish what is in flight. */
  accepting: boolean;
}

export interface ImageAppDeps {
  state: ImageAppState;
  auth: TaskAuthenticator;
  /** Caps the task requests in flight; health checks are not counted. */
  gate: ConcurrencyGate;
  tasks: ImageTaskDeps;
  /** Default: JSON lines on stdout. */
  log?: Logger;
}

/** `Retry-After` when every slot is taken or the instance is draining, in seconds. */
export const saturatedRetryAfterSeconds = 2;
/** A task body is `{ jobId }`; Cloud Tasks allows 100 KB, anything near that is not ours. */
const maxBodyBytes = 16 * 1024;

/**
 * The image service's HTTP surface, with no port of its own, so tests drive
 * it directly. `POST /tasks/image` is called by Cloud Tasks with an OIDC token.
 */
export function createImageApp(deps: ImageAppDeps) {
  const log = deps.log ?? jsonLinesLogger;
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method === 'GET' && path === '/healthz') {
      return sendJson(response, 200, { status: 'ok' });
    }
    if (request.method === 'GET' && path === '/readyz') {
      return deps.state.accepting
        ? sendJson(response, 200, { status: 'ready' })
        : sendJson(response, 503, { status: 'draining' });
    }
    if (path === '/tasks/image') {
      if (request.method !== 'POST') {
        response.setHeader('allow', 'POST');
        return sendError(response, 405, 'method_not_allowed', `Use POST for ${path}`);
      }
      handleTaskRequest(deps, log, request, response).catch((error: unknown) => {
        log({ severity: 'ERROR', message: 'image task crashed', error: errorText(error) });
        if (!response.headersSent)
          sendError(response, 500, 'internal', 'Unexpected error; the task will be retried');
      });
      return;
    }
    sendError(response, 404, 'not_found', `No route for ${request.method} ${path}`);
  };
}

async function handleTaskRequest(
  deps: ImageAppDeps,
  log: Logger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const auth = await deps.auth.verify(request.headers.authorization);
  if (!auth.ok) {
    log({ severity: 'WARNING', message: 'image task refused', status: auth.status, reason: auth.reason });
    if (auth.status === 401) response.setHeader('www-authenticate', 'Bearer');
    return auth.status === 401
      ? sendError(response, 401, 'unauthenticated', 'A valid Cloud Tasks OIDC token is required')
      : sendError(response, 403, 'permission_denied', 'This caller may not run image tasks');
  }
  const raw = await readBody(request);
  if (raw === null)
    return sendError(response, 413, 'too_large', `Task bodies are at most ${maxBodyBytes} bytes`);
  let body;
  try {
    body = parseRequest(imageTaskBodySchema, parseJson(raw));
  } catch (error) {
    if (!(error instanceof PhoenixError)) throw error;
    // 400 even though Cloud Tasks retries it: a malformed body means our
    // producer is broken, and failing loudly (at most maxAttempts times,
    // touching nothing) beats a 2xx that hides it.
    log({ severity: 'ERROR', message: 'image task body rejected', reason: error.message });
    return sendError(response, 400, 'invalid_argument', error.message, error.field);
  }
  const retryCount = retryCountOf(request);
  // Checked after the (async) token and body reads, right before taking a
  // slot, so nothing starts once draining has begun.
  const release = deps.state.accepting ? deps.gate.tryEnter() : undefined;
  if (!release) {
    if (isFinalAttempt(retryCount, deps.tasks.queueMaxAttempts)) {
      const outcome = await shedFinalDelivery(deps.tasks.jobs, body.jobId, Date.now());
      log({
        severity: outcome.severity,
        message: `image task ${outcome.outcome}`,
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
    const outcome = await handleImageTask(deps.tasks, { jobId: body.jobId, retryCount });
    log({
      severity: outcome.severity,
      message: `image task ${outcome.outcome}`,
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

/** The body as text, or null when it is larger than {@link maxBodyBytes}. */
async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
