import { PhoenixError } from './errors.ts';

/**
 * The one job state machine. Every status change anywhere goes through
 * `assertTransition`, so a redelivered task or a late cancel can never move a
 * finished job.
 */
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

const allowed: Record<JobStatus, readonly JobStatus[]> = {
  queued: ['running', 'failed', 'canceled'],
  running: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
  canceled: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return allowed[from].includes(to);
}

export function assertTransition(from: JobStatus, to: JobStatus): void {
  if (!canTransition(from, to)) {
    throw new PhoenixError('invalid_transition', `A ${from} job cannot become ${to}.`);
  }
}

export function isTerminal(status: JobStatus): boolean {
  return allowed[status].length === 0;
}

/** Words the UI shows for each status. */
export const jobStatusLabels: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Generating',
  succeeded: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};
