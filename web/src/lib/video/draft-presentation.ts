/**
 * What a video draft looks like on the drafts page: the words, the tone of
 * its status chip, and which actions it offers. The status vocabulary, error
 * messages and the rules for publishing and discarding (core's
 * `assertOwnFinishedVideo` and `planVideoDiscard`) come from core;
 * this only puts them together for a person.
 */
import {
  errorCodes,
  jobStatusLabels,
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
  /** A finished draft not yet on the feed may also be thrown away; a published one is the post's now. */
  discardable: boolean;
  /** The label of the link back to the form with the same fields, or null when it offers none. */
  retryLabel: string | null;
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
    discardable: false,
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
      const unpublished = draft.output !== null && draft.publishedPostId === null;
      const seconds = draft.output?.durationSeconds ?? draft.params.durationSeconds;
      return {
        ...base,
        summary: `${lengthLabel(seconds)} video · ${plural(draft.cost.tokens, 'token')}`,
        publishable: unpublished,
        discardable: unpublished,
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
