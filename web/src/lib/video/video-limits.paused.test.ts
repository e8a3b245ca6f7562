import type { AccountUsage, PublicLimits } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { VIDEO_PAUSED_BLOCK, videoLimitsPanel } from './video-limits.ts';

const now = Date.UTC(2026, 11, 1, 12, 0, 0);
const limits: PublicLimits = {
  rateLimitPerHour: 10,
  inFlightPerUser: 4,
  perUserDailyTokens: 200,
  videoPaused: false,
  budget: { period: '2026-12', level: 'ok' },
};
const usage: AccountUsage = { recentAcceptsMs: [now - 60_000], day: '2026-12-01', dayTokens: 180 };
const quote = { tokens: 40, microUsd: 1_200_000 };

describe('videoLimitsPanel', () => {
  it('shows the usage and stops nothing within the limits', () => {
    expect(
      videoLimitsPanel({ limits, usage, quote: { tokens: 20, microUsd: 0 }, retryUntilMs: null, nowMs: now }),
    ).toEqual({
      usage: '1 of 10 this hour · 180 of 200 tokens today',
      paused: false,
      blocked: null,
    });
  });

  it('stops Generate while video is paused, before any other limit', () => {
    const panel = videoLimitsPanel({
      limits: { ...limits, videoPaused: true },
      usage,
      quote,
      retryUntilMs: now + 30_000,
      nowMs: now,
    });
    expect(panel).toMatchObject({ paused: true, blocked: VIDEO_PAUSED_BLOCK });
  });

  it('stops a video the daily tokens cannot cover, in core’s words', () => {
    const panel = videoLimitsPanel({ limits, usage, quote, retryUntilMs: null, nowMs: now });
    expect(panel.blocked).toBe(
      'This needs 40 tokens and you have 20 of your 200 daily tokens left. The limit resets at midnight UTC.',
    );
  });

  it('counts down a server’s wait even before the limits are known', () => {
    expect(videoLimitsPanel({ limits: null, usage, quote, retryUntilMs: now + 90_000, nowMs: now })).toEqual({
      usage: null,
      paused: false,
      blocked: 'You can start another generation in 2 minutes.',
    });
  });
});
