/**
 * What the video form says about the limits before anyone hits them. A video
 * job passes the same per-user limits as an image job (the accept is shared),
 * so the words are the image form's (`limits-view.ts`); what video adds is
 * the pause, set by an admin or by a spent budget, which `config/public`
 * carries as `videoPaused`. Pure: the clock is an argument.
 */
import type { AccountUsage, PublicLimits, Quote } from '@phoenix/core';
import { secondsUntil, usageLines, userLimitBlock, waitLine } from '../create/limits-view.ts';

/** Shown over the form while video is paused. */
export const VIDEO_PAUSED_NOTICE =
  'Video generation is paused right now, so no new video can start. Images still work; try video again later.';

/** Shown beside the Generate button it stops. */
export const VIDEO_PAUSED_BLOCK = 'Video generation is paused.';

export interface VideoLimitsPanel {
  /** "3 of 10 this hour · 12 of 200 tokens today"; null while the limits are unknown. */
  usage: string | null;
  /** Video is paused: the form says so and Generate refuses. */
  paused: boolean;
  /** What stops Generate now (the pause, a server's wait, a limit), or null. */
  blocked: string | null;
}

/**
 * The form's limits panel. `retryUntilMs` is when a server's `rate_limited`
 * refusal said to come back; until then its countdown wins over the local
 * count, which may not have caught up yet.
 */
export function videoLimitsPanel(input: {
  limits: PublicLimits | null;
  usage: AccountUsage | undefined;
  quote: Quote | null;
  retryUntilMs: number | null;
  nowMs: number;
}): VideoLimitsPanel {
  const { limits, nowMs } = input;
  const serverWait = input.retryUntilMs === null ? 0 : secondsUntil(input.retryUntilMs, nowMs);
  const waitBlock = serverWait > 0 ? `${waitLine(serverWait)}.` : null;
  if (!limits) return { usage: null, paused: false, blocked: waitBlock };
  const lines = usageLines(limits, input.usage, nowMs);
  const block = userLimitBlock({ limits, usage: input.usage, tokens: input.quote?.tokens ?? null, nowMs });
  return {
    usage: `${lines.hour} · ${lines.today}`,
    paused: limits.videoPaused,
    blocked: limits.videoPaused ? VIDEO_PAUSED_BLOCK : (waitBlock ?? block?.message ?? null),
  };
}
