import type { HttpRequestMessage, TaskMessage } from './messages.ts';
import { parseTaskName } from './names.ts';
import { secondsAndNanosToMs } from './proto-time.ts';
import { invalidArgument, unimplemented } from './rpc-error.ts';

export type HttpMethod = 'POST' | 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

/** What an HTTP task sends, as stored at creation. */
export interface HttpTarget {
  method: HttpMethod;
  url: string;
  /** As the task gave them (key case kept), minus the ones Cloud Tasks owns, plus its User-Agent. */
  headers: Record<string, string>;
  body: Buffer;
  oidcToken: { serviceAccountEmail: string; audience: string | undefined } | undefined;
  oauthToken: { serviceAccountEmail: string; scope: string | undefined } | undefined;
}

export interface NewTask {
  /** Set when the request named the task; otherwise the store picks one. */
  taskId: string | undefined;
  target: HttpTarget;
  scheduleTimeMs: number;
  dispatchDeadlineMs: number;
}

export interface TaskLimits {
  /** Shortest dispatchDeadline accepted (ms). Cloud Tasks: 15 s. */
  minDispatchDeadlineMs: number;
}

const defaultDispatchDeadlineMs = 10 * 60_000;
const maxDispatchDeadlineMs = 30 * 60_000;
const maxScheduleAheadMs = 30 * 24 * 3_600_000;
const maxTaskBytes = 100 * 1024;
const maxUrlLength = 2083;
export const cloudTasksUserAgent = 'Google-Cloud-Tasks';

/** Validates a CreateTask request the way the service does, and normalises it. */
export function parseNewTask(
  queueName: string,
  message: TaskMessage | null | undefined,
  nowMs: number,
  limits: TaskLimits,
): NewTask {
  if (!message) throw invalidArgument('Task is required.');
  let taskId: string | undefined;
  if (message.name) {
    const parsed = parseTaskName(message.name);
    if (parsed.queueName !== queueName) {
      throw invalidArgument(
        `The queue in the request ("${queueName}") must be the queue in the task name ("${parsed.queueName}").`,
      );
    }
    taskId = parsed.taskId;
  }
  if (message.appEngineHttpRequest)
    throw unimplemented('App Engine tasks are not supported by this emulator; use httpRequest.');
  if (!message.httpRequest) throw invalidArgument('Task.httpRequest is required.');
  const target = parseHttpTarget(message.httpRequest);

  const deadline = secondsAndNanosToMs(message.dispatchDeadline);
  if (
    deadline !== undefined &&
    (deadline < limits.minDispatchDeadlineMs || deadline > maxDispatchDeadlineMs)
  ) {
    throw invalidArgument(
      `Task.dispatchDeadline must be between ${limits.minDispatchDeadlineMs / 1000} s and ${maxDispatchDeadlineMs / 1000} s.`,
    );
  }
  const requestedScheduleMs = secondsAndNanosToMs(message.scheduleTime);
  if (requestedScheduleMs !== undefined && requestedScheduleMs > nowMs + maxScheduleAheadMs) {
    throw invalidArgument('Task.scheduleTime must be at most 30 days in the future.');
  }
  const taskBytes =
    target.body.length +
    target.url.length +
    Object.entries(target.headers).reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  if (taskBytes > maxTaskBytes)
    throw invalidArgument(`Task size ${taskBytes} bytes exceeds the limit of ${maxTaskBytes} bytes.`);

  return {
    taskId,
    target,
    // Unset or past schedule times mean "now".
    scheduleTimeMs: requestedScheduleMs === undefined ? nowMs : Math.max(nowMs, requestedScheduleMs),
    dispatchDeadlineMs: deadline ?? defaultDispatchDeadlineMs,
  };
}

function parseHttpTarget(request: HttpRequestMessage): HttpTarget {
  const url = request.url ?? '';
  if (url === '') throw invalidArgument('HttpRequest.url is required.');
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
    throw invalidArgument("HttpRequest.url must be an absolute 'http://' or 'https://' URL.");
  if (url.length > maxUrlLength)
    throw invalidArgument(`HttpRequest.url must be at most ${maxUrlLength} characters.`);

  const method: HttpMethod =
    !request.httpMethod || request.httpMethod === 'HTTP_METHOD_UNSPECIFIED' ? 'POST' : request.httpMethod;
  const body = Buffer.from(request.body ?? new Uint8Array());
  if (body.length > 0 && method !== 'POST' && method !== 'PUT' && method !== 'PATCH') {
    throw invalidArgument(`A body is only allowed with POST, PUT or PATCH, not ${method}.`);
  }

  const oidc = request.oidcToken;
  const oauth = request.oauthToken;
  if (oidc && !oidc.serviceAccountEmail) throw invalidArgument('OidcToken.serviceAccountEmail is required.');
  if (oauth && !oauth.serviceAccountEmail)
    throw invalidArgument('OAuthToken.serviceAccountEmail is required.');

  return {
    method,
    url,
    headers: storedHeaders(request.headers ?? {}),
    body,
    oidcToken: oidc
      ? { serviceAccountEmail: oidc.serviceAccountEmail!, audience: oidc.audience || undefined }
      : undefined,
    oauthToken: oauth
      ? { serviceAccountEmail: oauth.serviceAccountEmail!, scope: oauth.scope || undefined }
      : undefined,
  };
}

/**
 * Cloud Tasks computes Host and Content-Length, reserves X-Google-* and
 * X-AppEngine-*, and replaces User-Agent; the stored task already shows
 * that User-Agent. Other keys keep the case the caller used.
 */
function storedHeaders(given: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    const lower = key.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'user-agent') continue;
    if (lower.startsWith('x-google-') || lower.startsWith('x-appengine-')) continue;
    kept[key] = value;
  }
  kept['User-Agent'] = cloudTasksUserAgent;
  return kept;
}
