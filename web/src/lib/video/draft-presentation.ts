/**
 * What a video draft looks like on the drafts page: the words, the tone of
 * its status chip, and which actions it offers. The status vocabulary, error
 * messages and the rule for discarding (core's `planVideoDiscard`) come from
 * core; this only puts them together for a person.
 */
import {
  PhoenixError,
  errorCodes,
  jobStatusLabels,
  planVideoDiscard,
  type JobError,
  type JobStatus,
  type VideoOutput,
  type VideoPhase,
  type VideoRequest,
} from '@phoenix/core';
import {
  CANCELED_SUMMARY,
  NOT_CHARGED,
  jobTones,
  plural,
  queuedSummary,
  type QueuePlaceView,
  type JobTone,
} from '../jobs/job-presentation.ts';
import { phaseDetail, phaseLabel, type VideoProgress } from './draft-progress.ts';

/** A video job as the drafts page holds it: the document with its times read as epoch ms. */
export interface DraftView {
  id: string;
  status: JobStatus;
  /** The running step; null while queued, before the submit, and once ended. */
  phase: VideoPhase | null;
  progress: VideoProgress | null;
  /** When the document was last written, in epoch ms: the time `progress` was measured. */
  updatedAtMs: number | null;
  /** What was asked for, so "Try again" can ask for it again. */
  params: VideoRequest;
  cost: { tokens: number; tokensRefunded: number };
  error: JobError | null;
  /** The finished video, once there is one. */
  output: VideoOutput | null;
  publishedPostId: string | null;
  /** The image the video starts from, if it animates one. */
  sourceImage: { postId: string; imageUrl: string } | null;
  discarded: boolean;
  createdAtMs: number;
  /** When a worker took the job, in epoch ms; null while queued. */
  startedAtMs: number | null;
}

export interface DraftPresentation {
  /** The chip text: core's `jobStatusLabels`, or the running step's name. */
  statusLabel: string;
  tone: JobTone;
  /** One line under the prompt: where the job is, or what went wrong. */
  summary: string;
  /** Queued or running: show the progress block. */
  inProgress: boolean;
  /** Money notes: the refund of a failed job. */
  notes: string[];
  /** Only a queued job can be canceled (core's state machine). */
  cancelable: boolean;
  /** A finished draft not yet on the feed. */
  publishable: boolean;
  /**
   * Any ended draft not on the feed may be thrown away (a published one is
   * the post's now): what the confirmation asks, or null when it offers none.
   */
  discard: DiscardOffer | null;
  /** The label of the link back to the form with the same fields, or null when it offers none. */
  retryLabel: string | null;
}

/** The question "Discard" opens before anything is thrown away, and the button that answers yes. */
export interface DiscardOffer {
  question: string;
  confirmLabel: string;
}

/** A finished video takes its media with it; the money it cost stays spent. */
const DISCARD_VIDEO: DiscardOffer = {
  question: 'Discard this video? It is deleted for good, and the tokens it cost are not refunded.',
  confirmLabel: 'Discard video',
};

/** A failed or canceled draft has no video: only its entry leaves the list. */
const DISCARD_ENTRY: DiscardOffer = {
  question: 'Discard this draft? It leaves your list for good.',
  confirmLabel: 'Discard draft',
};

/**
 * What "Discard" would ask, from core's `planVideoDiscard` asked about a
 * draft of the reader's own (the drafts page lists no one else's): null
 * when the server would refuse it, else the question for a draft whose
 * media go with it or for one that has none.
 */
function discardOffer(draft: DraftView): DiscardOffer | null {
  const self = 'reader';
  try {
    const plan = planVideoDiscard(
      {
        uid: self,
        kind: 'video',
        status: draft.status,
        outputs: draft.output ? [draft.output] : [],
        discardedAt: draft.discarded ? true : null,
        publishedPostId: draft.publishedPostId,
      },
      self,
    );
    return plan.purgeMedia ? DISCARD_VIDEO : DISCARD_ENTRY;
  } catch (error) {
    if (error instanceof PhoenixError) return null;
    throw error;
  }
}

/** A discarded draft has left the drafts; the document only lingers while its media are purged. */
export function visibleDrafts<T extends Pick<DraftView, 'discarded'>>(drafts: readonly T[]): T[] {
  return drafts.filter((draft) => !draft.discarded);
}

/** "8 s video", the length as the form offered it. */
export function lengthLabel(seconds: number): string {
  return `${Math.round(seconds)} s`;
}

/** @param place For a queued draft, where it stands in line, when known. */
export function presentDraft(draft: DraftView, place: QueuePlaceView | null = null): DraftPresentation {
  const base = {
    statusLabel: jobStatusLabels[draft.status],
    tone: jobTones[draft.status],
    inProgress: false,
    notes: [] as string[],
    cancelable: false,
    publishable: false,
    discard: discardOffer(draft),
    retryLabel: null,
  };
  const fullyRefunded = draft.cost.tokens > 0 && draft.cost.tokensRefunded >= draft.cost.tokens;

  switch (draft.status) {
    case 'queued':
      return { ...base, summary: queuedSummary(place), inProgress: true, cancelable: true };
    // The step's own name replaces "Generating" on the chip, which would repeat it.
    case 'running':
      return {
        ...base,
        statusLabel: phaseLabel(draft.phase),
        summary: phaseDetail(draft.phase),
        inProgress: true,
      };
    case 'succeeded': {
      const seconds = draft.output?.durationSeconds ?? draft.params.durationSeconds;
      return {
        ...base,
        summary: `${lengthLabel(seconds)} video · ${plural(draft.cost.tokens, 'token')}`,
        publishable: draft.output !== null && draft.publishedPostId === null,
        retryLabel: 'Make another like it',
      };
    }
    case 'failed':
      return {
        ...base,
        summary: draft.error?.message ?? errorCodes.internal.message,
        notes: fullyRefunded ? [NOT_CHARGED] : [],
        retryLabel: 'Try again',
      };
    case 'canceled':
      return { ...base, summary: CANCELED_SUMMARY, retryLabel: 'Try again' };
  }
}
