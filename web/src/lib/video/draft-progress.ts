/**
 * How far a running video draft has got, in words and as a fraction. The
 * worker writes `progress` (elapsed and ETA, from the model's recent runs in
 * core's `veoEtaMs`) on each poll, stamped with `updatedAt`; between writes
 * the page moves both on from that stamp with its own ticking clock, so the
 * bar creeps instead of jumping every poll. Nothing here asks a server.
 */
import type { VideoPhase } from '@phoenix/core';

/** The running step in words, as the drafts page names it. */
export const phaseLabels: Record<VideoPhase, string> = {
  submitted: 'Submitted to Veo',
  generating: 'Generating',
  finalizing: 'Finalizing',
};

/** A running job whose worker has not submitted it yet has no phase. */
export const STARTING_LABEL = 'Starting';

export function phaseLabel(phase: VideoPhase | null): string {
  return phase ? phaseLabels[phase] : STARTING_LABEL;
}

/** The line beside the step's name: what is going on in it. */
export function phaseDetail(phase: VideoPhase | null): string {
  switch (phase) {
    case null:
      return 'Handing your request to Veo…';
    case 'submitted':
      return 'Veo has your request and is starting on it';
    case 'generating':
      return 'Veo is making your video';
    case 'finalizing':
      return 'Saving the video and its poster';
  }
}

export interface VideoProgress {
  /** Time since the operation was submitted, in ms. */
  elapsedMs: number;
  /** Expected time left, in ms. */
  etaMs: number;
}

/**
 * The stored progress moved on to `nowMs`: the time since it was written
 * (`writtenAtMs`) is added to the elapsed time and taken off the ETA, never
 * past it. A device clock behind the server's counts as no time passed.
 */
export function liveProgress(
  progress: VideoProgress,
  writtenAtMs: number | null,
  nowMs: number,
): VideoProgress {
  const elapsedMs = Math.max(0, progress.elapsedMs);
  const etaMs = Math.max(0, progress.etaMs);
  const since = writtenAtMs === null ? 0 : Math.min(etaMs, Math.max(0, nowMs - writtenAtMs));
  return { elapsedMs: elapsedMs + since, etaMs: etaMs - since };
}

/**
 * Whole percent done, `elapsed / (elapsed + eta)`; null when there is nothing
 * to divide. It stops at 99 while the job runs: only the finished job is 100.
 */
export function progressPercent(progress: VideoProgress): number | null {
  const elapsed = Math.max(0, progress.elapsedMs);
  const total = elapsed + Math.max(0, progress.etaMs);
  if (!Number.isFinite(total) || total <= 0) return null;
  return Math.min(99, Math.floor((elapsed / total) * 100));
}

const MINUTE = 60_000;

/** "about 3 min left", "less than a minute left"; `etaMs` of 0 or less is "almost done". */
export function etaPhrase(etaMs: number): string {
  if (!(etaMs > 0)) return 'almost done';
  if (etaMs < MINUTE) return 'less than a minute left';
  return `about ${Math.round(etaMs / MINUTE)} min left`;
}

/**
 * What a screen reader hears as a draft generates: the percentage in steps
 * of ten and the ETA in minutes, so the words change about once a minute
 * rather than on every tick of the clock.
 */
export function progressAnnouncement(progress: VideoProgress): string {
  const percent = progressPercent(progress);
  const eta = etaPhrase(progress.etaMs);
  return percent === null ? eta : `${Math.floor(percent / 10) * 10}% done, ${eta}`;
}
