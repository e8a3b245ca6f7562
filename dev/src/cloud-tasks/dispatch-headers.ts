/** What Cloud Tasks tells the target about an attempt. */
export interface AttemptHeaderFacts {
  queueId: string;
  taskId: string;
  /** Attempts made before this one. */
  retryCount: number;
  /** Responses before this one, not counting 5xx. */
  executionCount: number;
  /** The task's schedule time for this attempt (epoch ms). */
  etaMs: number;
  /** HTTP status of the previous attempt, when it got one. */
  previousResponseStatus: number | undefined;
  /** Why the previous attempt failed; only sent on retries. */
  retryReason: string | undefined;
  /** Replaces any Authorization the task set, as OIDC/OAuth tokens do. */
  authorization: string | undefined;
}

const reservedPrefix = 'x-cloudtasks-';

/**
 * The request headers for one attempt: the task's own, then the ones Cloud
 * Tasks sets, which win over anything the task tried to set itself.
 */
export function dispatchHeaders(
  taskHeaders: Record<string, string>,
  facts: AttemptHeaderFacts,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(taskHeaders)) {
    const lower = key.toLowerCase();
    if (lower.startsWith(reservedPrefix)) continue;
    if (lower === 'authorization' && facts.authorization !== undefined) continue;
    headers[key] = value;
  }
  headers['X-CloudTasks-QueueName'] = facts.queueId;
  headers['X-CloudTasks-TaskName'] = facts.taskId;
  headers['X-CloudTasks-TaskRetryCount'] = String(facts.retryCount);
  headers['X-CloudTasks-TaskExecutionCount'] = String(facts.executionCount);
  headers['X-CloudTasks-TaskETA'] = epochSecondsText(facts.etaMs);
  if (facts.previousResponseStatus !== undefined)
    headers['X-CloudTasks-TaskPreviousResponse'] = String(facts.previousResponseStatus);
  if (facts.retryCount > 0 && facts.retryReason !== undefined)
    headers['X-CloudTasks-TaskRetryReason'] = facts.retryReason;
  if (facts.authorization !== undefined) headers.Authorization = facts.authorization;
  return headers;
}

/** Epoch seconds with microseconds, e.g. "1700000000.123000". */
export function epochSecondsText(epochMs: number): string {
  return (epochMs / 1000).toFixed(6);
}
