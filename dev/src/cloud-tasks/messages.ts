import type { SecondsAndNanos } from './proto-time.ts';

/**
 * The v2 messages as proto-loader decodes them (camelCase fields, enums as
 * strings, int64 as numbers, unset fields undefined) and as we encode them.
 * Only the fields the emulator reads or writes are spelled out.
 */

export type QueueState = 'STATE_UNSPECIFIED' | 'RUNNING' | 'PAUSED' | 'DISABLED';
export type TaskView = 'VIEW_UNSPECIFIED' | 'BASIC' | 'FULL';
export type HttpMethodName =
  'HTTP_METHOD_UNSPECIFIED' | 'POST' | 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

export interface RateLimitsMessage {
  maxDispatchesPerSecond?: number | null;
  maxBurstSize?: number | null;
  maxConcurrentDispatches?: number | null;
}

export interface RetryConfigMessage {
  maxAttempts?: number | null;
  maxRetryDuration?: SecondsAndNanos | null;
  minBackoff?: SecondsAndNanos | null;
  maxBackoff?: SecondsAndNanos | null;
  maxDoublings?: number | null;
}

export interface QueueMessage {
  name?: string;
  appEngineRoutingOverride?: Record<string, unknown> | null;
  rateLimits?: RateLimitsMessage | null;
  retryConfig?: RetryConfigMessage | null;
  state?: QueueState;
  purgeTime?: SecondsAndNanos | null;
  stackdriverLoggingConfig?: { samplingRatio?: number | null } | null;
}

export interface OidcTokenMessage {
  serviceAccountEmail?: string;
  audience?: string;
}

export interface OAuthTokenMessage {
  serviceAccountEmail?: string;
  scope?: string;
}

export interface HttpRequestMessage {
  url?: string;
  httpMethod?: HttpMethodName;
  headers?: Record<string, string>;
  body?: Buffer | Uint8Array;
  oauthToken?: OAuthTokenMessage | null;
  oidcToken?: OidcTokenMessage | null;
}

export interface AttemptMessage {
  scheduleTime?: SecondsAndNanos;
  dispatchTime?: SecondsAndNanos;
  responseTime?: SecondsAndNanos;
  responseStatus?: { code: number; message: string };
}

export interface TaskMessage {
  name?: string;
  appEngineHttpRequest?: Record<string, unknown> | null;
  httpRequest?: HttpRequestMessage | null;
  scheduleTime?: SecondsAndNanos | null;
  createTime?: SecondsAndNanos | null;
  dispatchDeadline?: SecondsAndNanos | null;
  dispatchCount?: number;
  responseCount?: number;
  firstAttempt?: AttemptMessage | null;
  lastAttempt?: AttemptMessage | null;
  view?: TaskView;
}

export interface FieldMaskMessage {
  paths?: string[];
}
