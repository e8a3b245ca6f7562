import type { AttemptMessage, QueueMessage, TaskMessage, TaskView } from './messages.ts';
import { msToSecondsAndNanos } from './proto-time.ts';
import type { AttemptRecord, StoredQueue, StoredTask } from './queue-store.ts';

export function queueToMessage(queue: StoredQueue): QueueMessage {
  const { rateLimits, retryPolicy, loggingSamplingRatio, appEngineRoutingOverride } = queue.settings;
  return {
    name: queue.name,
    rateLimits: { ...rateLimits },
    retryConfig: {
      maxAttempts: retryPolicy.maxAttempts,
      maxRetryDuration: msToSecondsAndNanos(retryPolicy.maxRetryDurationMs),
      minBackoff: msToSecondsAndNanos(retryPolicy.minBackoffMs),
      maxBackoff: msToSecondsAndNanos(retryPolicy.maxBackoffMs),
      maxDoublings: retryPolicy.maxDoublings,
    },
    state: queue.state,
    ...(queue.purgeTimeMs === undefined ? {} : { purgeTime: msToSecondsAndNanos(queue.purgeTimeMs) }),
    ...(loggingSamplingRatio === undefined
      ? {}
      : { stackdriverLoggingConfig: { samplingRatio: loggingSamplingRatio } }),
    ...(appEngineRoutingOverride === undefined ? {} : { appEngineRoutingOverride }),
  };
}

/** BASIC (the default) leaves out the body, as the service does. */
export function taskToMessage(task: StoredTask, requestedView: TaskView | undefined): TaskMessage {
  const view: TaskView = requestedView === 'FULL' ? 'FULL' : 'BASIC';
  const { target } = task;
  return {
    name: task.name,
    httpRequest: {
      url: target.url,
      httpMethod: target.method,
      headers: { ...target.headers },
      ...(view === 'FULL' && target.body.length > 0 ? { body: target.body } : {}),
      ...(target.oidcToken
        ? {
            oidcToken: {
              serviceAccountEmail: target.oidcToken.serviceAccountEmail,
              audience: target.oidcToken.audience ?? '',
            },
          }
        : {}),
      ...(target.oauthToken
        ? {
            oauthToken: {
              serviceAccountEmail: target.oauthToken.serviceAccountEmail,
              scope: target.oauthToken.scope ?? '',
            },
          }
        : {}),
    },
    scheduleTime: msToSecondsAndNanos(task.scheduleTimeMs),
    createTime: msToSecondsAndNanos(task.createTimeMs),
    dispatchDeadline: msToSecondsAndNanos(task.dispatchDeadlineMs),
    dispatchCount: task.dispatchCount,
    responseCount: task.responseCount,
    // The service keeps only the dispatch time of the first attempt.
    ...(task.firstAttempt
      ? { firstAttempt: { dispatchTime: msToSecondsAndNanos(task.firstAttempt.dispatchTimeMs) } }
      : {}),
    ...(task.lastAttempt ? { lastAttempt: attemptToMessage(task.lastAttempt) } : {}),
    view,
  };
}

function attemptToMessage(attempt: AttemptRecord): AttemptMessage {
  return {
    scheduleTime: msToSecondsAndNanos(attempt.scheduleTimeMs),
    dispatchTime: msToSecondsAndNanos(attempt.dispatchTimeMs),
    ...(attempt.responseTimeMs === undefined
      ? {}
      : { responseTime: msToSecondsAndNanos(attempt.responseTimeMs) }),
    ...(attempt.responseStatus === undefined ? {} : { responseStatus: attempt.responseStatus }),
  };
}
