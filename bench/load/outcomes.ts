/**
 * How an operation's failure is counted: by the code the caller would act
 * on. A callable's failure carries Phoenix's own code in its details
 * (functions/src/https-errors.ts) and the callable code beside it; the SDK's
 * own failures (unreachable, its 70 s timeout) only the callable code. A job
 * that ends badly counts by its status and error code; anything unfinished
 * when the drain ends is `timeout`.
 */

/** Thrown when an operation's deadline passes before it finished. */
export class DeadlineExceeded extends Error {
  readonly code = 'timeout';
  constructor(what: string) {
    super(`${what} did not finish before the drain deadline`);
  }
}

/** The code a failure counts under. */
export function failureCode(error: unknown): string {
  if (error instanceof DeadlineExceeded) return error.code;
  const raw = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const details = typeof raw.details === 'object' && raw.details !== null ? raw.details : {};
  const phoenixCode = (details as Record<string, unknown>).code;
  if (typeof phoenixCode === 'string' && phoenixCode) return phoenixCode;
  if (typeof raw.code === 'string' && raw.code) return raw.code.replace(/^functions\//, '');
  return 'client-error';
}

/** The code of a job that ended without succeeding, e.g. `failed:model_unavailable`, `canceled`. */
export function jobEndingCode(job: { status: string; error?: { code?: string } | null }): string {
  if (job.status === 'failed') return `failed:${job.error?.code ?? 'unknown'}`;
  return job.status;
}

/**
 * Settles with `work`, or rejects with {@link DeadlineExceeded} once the
 * clock passes `deadlineMs` (performance.now() time), whichever is first.
 */
export function beforeDeadline<T>(work: Promise<T>, deadlineMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(what)), Math.max(0, deadlineMs - performance.now()));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
