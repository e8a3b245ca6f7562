/**
 * What a job looks like in "Your recent jobs": the words, the tone of its
 * status chip, whether a clock runs, and the notes about money. The status
 * vocabulary and error messages come from core; this decides only how they
 * are put together for a person.
 */
import { errorCodes, jobStatusLabels, type ImageJobDoc, type JobOutput, type JobStatus } from '@phoenix/core';

/** A job as the page holds it: the document with its times read as epoch ms. */
export interface JobView {
  id: string;
  status: JobStatus;
  params: Pick<ImageJobDoc['params'], 'prompt' | 'count' | 'model' | 'aspectRatio'>;
  cost: Pick<ImageJobDoc['cost'], 'tokens' | 'tokensRefunded' | 'tokensSettled'>;
  error: ImageJobDoc['error'];
  outputs: JobOutput[];
  filteredCount: number;
  processingTimeMs: number | null;
  createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
}

/** The chip's colour family. */
export type JobTone = 'waiting' | 'working' | 'done' | 'failed' | 'canceled';

export interface JobPresentation {
  /** The chip text, from core's `jobStatusLabels`. */
  statusLabel: string;
  tone: JobTone;
  /** One line under the prompt: what is happening, or what went wrong. */
  summary: string;
  /** Queued or running: show the pulse and the elapsed clock. */
  inProgress: boolean;
  /** Where the elapsed clock starts (epoch ms), or null when no clock runs. */
  clockStartMs: number | null;
  /** Money notes: partial filtering and refunds. */
  notes: string[];
  /** Only a queued job can be canceled (core's state machine). */
  cancelable: boolean;
}

/** Each status's chip colour family; video drafts use the same. */
export const jobTones: Record<JobStatus, JobTone> = {
  queued: 'waiting',
  running: 'working',
  succeeded: 'done',
  failed: 'failed',
  canceled: 'canceled',
};

/** `1 image`, `3 images`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const NOT_CHARGED = 'You were not charged.';
export const CANCELED_SUMMARY = 'Canceled — you were not charged.';

/**
 * What a success did not deliver, and what came back for it: "1 of 4 images
 * was filtered; 1 token refunded", or, when the model stayed down on the last
 * try, "1 of 2 images could not be made; 2 tokens refunded".
 */
export function undeliveredNote(
  filtered: number,
  unmade: number,
  requested: number,
  refunded: number,
): string {
  const was = (count: number) => (count === 1 ? 'was' : 'were');
  const parts = [
    ...(filtered > 0 ? [`${filtered} of ${plural(requested, 'image')} ${was(filtered)} filtered`] : []),
    ...(unmade > 0
      ? [
          filtered > 0
            ? `${unmade} could not be made`
            : `${unmade} of ${plural(requested, 'image')} could not be made`,
        ]
      : []),
  ];
  const what = parts.join(' and ');
  return refunded > 0 ? `${what}; ${plural(refunded, 'token')} refunded` : what;
}

/** A queued job's place in line, read off its kind's queue board. */
export interface QueuePlaceView {
  /** Jobs of its kind queued before it. */
  ahead: number;
  /** Further back than the board lists: at least `ahead` jobs are ahead. */
  beyondBoard: boolean;
  /** "about 2–3 min", or null without a measured rate. */
  eta: string | null;
}

/** The queued line, with the place in line and the wait once they are known. */
export function queuedSummary(place: QueuePlaceView | null = null): string {
  if (place === null) return 'Waiting in queue';
  const where =
    place.ahead === 0
      ? 'next in line'
      : `${place.beyondBoard ? 'more than ' : ''}${plural(place.ahead, 'job')} ahead of yours`;
  return `Waiting in queue · ${where}${place.eta ? ` · ${place.eta}` : ''}`;
}

/** @param place For a queued job, where it stands in line, when known. */
export function presentJob(job: JobView, place: QueuePlaceView | null = null): JobPresentation {
  const base = {
    statusLabel: jobStatusLabels[job.status],
    tone: jobTones[job.status],
    inProgress: false,
    clockStartMs: null,
    notes: [] as string[],
    cancelable: false,
  };
  const fullyRefunded = job.cost.tokens > 0 && job.cost.tokensRefunded >= job.cost.tokens;

  switch (job.status) {
    case 'queued':
      return {
        ...base,
        summary: queuedSummary(place),
        inProgress: true,
        clockStartMs: job.createdAtMs,
        cancelable: true,
      };
    case 'running':
      return {
        ...base,
        summary: `Generating ${plural(job.params.count, 'image')}…`,
        inProgress: true,
        clockStartMs: job.startedAtMs ?? job.createdAtMs,
      };
    case 'succeeded': {
      const charged = job.cost.tokensSettled ?? job.cost.tokens - job.cost.tokensRefunded;
      const took = job.processingTimeMs !== null ? ` in ${(job.processingTimeMs / 1000).toFixed(1)} s` : '';
      return {
        ...base,
        summary: `${plural(job.outputs.length, 'image')}${took} · ${plural(charged, 'token')}`,
        notes:
          job.outputs.length < job.params.count
            ? [
                undeliveredNote(
                  job.filteredCount,
                  Math.max(0, job.params.count - job.outputs.length - job.filteredCount),
                  job.params.count,
                  job.cost.tokensRefunded,
                ),
              ]
            : [],
      };
    }
    case 'failed':
      return {
        ...base,
        summary: job.error?.message ?? errorCodes.internal.message,
        notes: fullyRefunded ? [NOT_CHARGED] : [],
      };
    case 'canceled':
      return { ...base, summary: CANCELED_SUMMARY };
  }
}
