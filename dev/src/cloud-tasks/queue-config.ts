import type { RetryPolicy } from './backoff.ts';
import type { QueueMessage } from './messages.ts';
import { burstSizeFor } from './rate-limiter.ts';
import { invalidArgument } from './rpc-error.ts';
import { secondsAndNanosToMs } from './proto-time.ts';

/** A queue's effective limits, with every default filled in. */
export interface QueueSettings {
  rateLimits: {
    maxDispatchesPerSecond: number;
    /** Output only: derived from maxDispatchesPerSecond. */
    maxBurstSize: number;
    maxConcurrentDispatches: number;
  };
  retryPolicy: RetryPolicy;
  /** Kept and echoed back; the emulator logs every event regardless. */
  loggingSamplingRatio: number | undefined;
  /** Kept and echoed back; App Engine targets are not dispatched. */
  appEngineRoutingOverride: Record<string, unknown> | undefined;
}

/** What the service picks for a queue created without limits. */
export function defaultQueueSettings(): QueueSettings {
  return {
    rateLimits: {
      maxDispatchesPerSecond: 500,
      maxBurstSize: burstSizeFor(500),
      maxConcurrentDispatches: 1000,
    },
    retryPolicy: {
      maxAttempts: 100,
      maxRetryDurationMs: 0,
      minBackoffMs: 100,
      maxBackoffMs: 3_600_000,
      maxDoublings: 16,
    },
    loggingSamplingRatio: undefined,
    appEngineRoutingOverride: undefined,
  };
}

/**
 * One settable field. `read` gives the request's value, undefined when the
 * request leaves it unset (proto3 cannot tell zero from unset, so zero counts
 * as unset where zero is not a meaningful setting).
 */
interface QueueField {
  path: string;
  read(message: QueueMessage): unknown;
  /** Value used when the field is named in an update mask but unset. */
  zeroValue(defaults: QueueSettings): unknown;
  write(settings: QueueSettings, value: unknown): void;
}

const nonZero = (value: number | null | undefined): number | undefined => (value ? value : undefined);

const fields: QueueField[] = [
  {
    path: 'rate_limits.max_dispatches_per_second',
    read: (m) => nonZero(m.rateLimits?.maxDispatchesPerSecond),
    zeroValue: (d) => d.rateLimits.maxDispatchesPerSecond,
    write: (s, v) => (s.rateLimits.maxDispatchesPerSecond = v as number),
  },
  {
    path: 'rate_limits.max_concurrent_dispatches',
    read: (m) => nonZero(m.rateLimits?.maxConcurrentDispatches),
    zeroValue: (d) => d.rateLimits.maxConcurrentDispatches,
    write: (s, v) => (s.rateLimits.maxConcurrentDispatches = v as number),
  },
  {
    path: 'retry_config.max_attempts',
    read: (m) => nonZero(m.retryConfig?.maxAttempts),
    zeroValue: (d) => d.retryPolicy.maxAttempts,
    write: (s, v) => (s.retryPolicy.maxAttempts = v as number),
  },
  {
    path: 'retry_config.max_retry_duration',
    read: (m) => secondsAndNanosToMs(m.retryConfig?.maxRetryDuration),
    zeroValue: () => 0,
    write: (s, v) => (s.retryPolicy.maxRetryDurationMs = v as number),
  },
  {
    path: 'retry_config.min_backoff',
    read: (m) => secondsAndNanosToMs(m.retryConfig?.minBackoff),
    zeroValue: (d) => d.retryPolicy.minBackoffMs,
    write: (s, v) => (s.retryPolicy.minBackoffMs = v as number),
  },
  {
    path: 'retry_config.max_backoff',
    read: (m) => secondsAndNanosToMs(m.retryConfig?.maxBackoff),
    zeroValue: (d) => d.retryPolicy.maxBackoffMs,
    write: (s, v) => (s.retryPolicy.maxBackoffMs = v as number),
  },
  {
    path: 'retry_config.max_doublings',
    read: (m) => nonZero(m.retryConfig?.maxDoublings),
    // Zero doublings is a real setting (linear from the start), so a masked
    // update to zero means zero.
    zeroValue: () => 0,
    write: (s, v) => (s.retryPolicy.maxDoublings = v as number),
  },
  {
    path: 'stackdriver_logging_config.sampling_ratio',
    read: (m) => m.stackdriverLoggingConfig?.samplingRatio ?? undefined,
    zeroValue: () => undefined,
    write: (s, v) => (s.loggingSamplingRatio = v as number | undefined),
  },
  {
    path: 'app_engine_routing_override',
    read: (m) => m.appEngineRoutingOverride ?? undefined,
    zeroValue: () => undefined,
    write: (s, v) => (s.appEngineRoutingOverride = v as Record<string, unknown> | undefined),
  },
];

const outputOnlyPaths = new Set(['name', 'state', 'purge_time', 'rate_limits.max_burst_size']);

function cloneSettings(settings: QueueSettings): QueueSettings {
  return {
    rateLimits: { ...settings.rateLimits },
    retryPolicy: { ...settings.retryPolicy },
    loggingSamplingRatio: settings.loggingSamplingRatio,
    appEngineRoutingOverride: settings.appEngineRoutingOverride,
  };
}

/** Defaults overridden by whatever the CreateQueue request sets. */
export function settingsForNewQueue(message: QueueMessage): QueueSettings {
  return settingsAfterUpdate(defaultQueueSettings(), message, undefined);
}

/**
 * Applies an UpdateQueue request. Without a mask every field the request
 * sets is changed; with one, exactly the named fields are, and a named but
 * unset field goes back to its default.
 */
export function settingsAfterUpdate(
  current: QueueSettings,
  message: QueueMessage,
  maskPaths: string[] | undefined,
): QueueSettings {
  const next = cloneSettings(current);
  if (maskPaths === undefined || maskPaths.length === 0) {
    for (const field of fields) {
      const value = field.read(message);
      if (value !== undefined) field.write(next, value);
    }
  } else {
    const defaults = defaultQueueSettings();
    for (const field of fieldsNamedBy(maskPaths))
      field.write(next, field.read(message) ?? field.zeroValue(defaults));
  }
  next.rateLimits.maxBurstSize = burstSizeFor(next.rateLimits.maxDispatchesPerSecond);
  validateSettings(next);
  return next;
}

function fieldsNamedBy(maskPaths: string[]): Set<QueueField> {
  const named = new Set<QueueField>();
  for (const rawPath of maskPaths) {
    const path = toSnakeCase(rawPath);
    if (outputOnlyPaths.has(path))
      throw invalidArgument(`Field "${rawPath}" is output only or cannot be updated with UpdateQueue.`);
    const matches = fields.filter((field) => field.path === path || field.path.startsWith(`${path}.`));
    if (matches.length === 0) throw invalidArgument(`Invalid update_mask path "${rawPath}".`);
    for (const match of matches) named.add(match);
  }
  return named;
}

function toSnakeCase(path: string): string {
  return path.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function validateSettings(settings: QueueSettings): void {
  const { rateLimits, retryPolicy } = settings;
  if (rateLimits.maxDispatchesPerSecond < 0)
    throw invalidArgument('RateLimits.maxDispatchesPerSecond must not be negative.');
  if (rateLimits.maxDispatchesPerSecond > 500)
    throw invalidArgument('RateLimits.maxDispatchesPerSecond must be at most 500.');
  if (rateLimits.maxConcurrentDispatches < 0)
    throw invalidArgument('RateLimits.maxConcurrentDispatches must not be negative.');
  if (rateLimits.maxConcurrentDispatches > 5000)
    throw invalidArgument('RateLimits.maxConcurrentDispatches must be at most 5000.');
  if (retryPolicy.maxAttempts < -1)
    throw invalidArgument('RetryConfig.maxAttempts must be -1 (unlimited) or more.');
  if (retryPolicy.maxRetryDurationMs < 0)
    throw invalidArgument('RetryConfig.maxRetryDuration must not be negative.');
  if (retryPolicy.minBackoffMs < 0) throw invalidArgument('RetryConfig.minBackoff must not be negative.');
  if (retryPolicy.maxBackoffMs < 0) throw invalidArgument('RetryConfig.maxBackoff must not be negative.');
  if (retryPolicy.maxDoublings < 0) throw invalidArgument('RetryConfig.maxDoublings must not be negative.');
  if (retryPolicy.minBackoffMs > retryPolicy.maxBackoffMs) {
    throw invalidArgument('RetryConfig.minBackoff must not be greater than RetryConfig.maxBackoff.');
  }
  const ratio = settings.loggingSamplingRatio;
  if (ratio !== undefined && (ratio < 0 || ratio > 1)) {
    throw invalidArgument('StackdriverLoggingConfig.samplingRatio must be between 0 and 1.');
  }
}
